namespace Img2Dataset.Engine.Jobs;

/// <summary>
/// The logical CPUs this process may run on and the physical cores behind them. Two logical CPUs of one core
/// (simultaneous multithreading: Intel's Hyper-Threading, most cloud VMs' "2 vCPUs = 1 core") share its execution
/// units, so pixel work on both makes more images per second than on one but each image costs more CPU time: a CPU
/// time per image is comparable only with the topology it was measured on. Read from Linux's sysfs; elsewhere the
/// physical cores are unknown.
/// </summary>
public sealed record ProcessorTopology(int LogicalProcessors, int? PhysicalCores)
{
    public static ProcessorTopology Current { get; } = OperatingSystem.IsLinux()
        ? Read("/sys/devices/system/cpu", File.Exists("/proc/self/status") ? File.ReadAllText("/proc/self/status") : "")
        : new ProcessorTopology(Environment.ProcessorCount, null);

    /// <summary>True when some of the logical CPUs share a physical core.</summary>
    public bool SharesCores => PhysicalCores < LogicalProcessors;

    /// <summary>
    /// The CPUs of the process' affinity (<c>Cpus_allowed_list</c> of <paramref name="processStatus"/>, the text of
    /// /proc/self/status) and the distinct (package, core) pairs sysfs gives them under <paramref name="cpuFolder"/>.
    /// </summary>
    public static ProcessorTopology Read(string cpuFolder, string processStatus)
    {
        var allowed = AllowedCpus(processStatus);
        if (allowed.Count == 0)
        {
            return new ProcessorTopology(Environment.ProcessorCount, null);
        }
        var cores = new HashSet<(string Package, string Core)>();
        foreach (var cpu in allowed)
        {
            var topology = Path.Combine(cpuFolder, $"cpu{cpu}", "topology");
            var package = Path.Combine(topology, "physical_package_id");
            var core = Path.Combine(topology, "core_id");
            if (!File.Exists(package) || !File.Exists(core))
            {
                return new ProcessorTopology(allowed.Count, null);
            }
            cores.Add((File.ReadAllText(package).Trim(), File.ReadAllText(core).Trim()));
        }
        return new ProcessorTopology(allowed.Count, cores.Count);
    }

    public override string ToString() => PhysicalCores switch
    {
        null => $"{LogicalProcessors} logical CPUs, physical cores unknown",
        int cores when cores < LogicalProcessors => $"{LogicalProcessors} logical CPUs on {Cores(cores)} (they share cores)",
        int cores => $"{LogicalProcessors} logical CPUs on {Cores(cores)}",
    };

    private static string Cores(int count) => count == 1 ? "1 physical core" : $"{count} physical cores";

    /// <summary>The CPU numbers of a list such as <c>0-3,8,10-11</c>; none when the line is missing or malformed.</summary>
    private static List<int> AllowedCpus(string processStatus)
    {
        var line = processStatus.Split('\n').FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
        var cpus = new List<int>();
        if (line is null)
        {
            return cpus;
        }
        foreach (var range in line["Cpus_allowed_list:".Length..].Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = range.Split('-');
            if (ends.Length > 2 || !int.TryParse(ends[0], out var first) || !int.TryParse(ends[^1], out var last) || last < first)
            {
                return [];
            }
            cpus.AddRange(Enumerable.Range(first, last - first + 1));
        }
        return cpus;
    }
}
