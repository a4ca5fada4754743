using Img2Dataset.Engine.Jobs;

namespace Img2Dataset.Engine.Tests.Jobs;

public sealed class ProcessorTopologyTests : IDisposable
{
    private readonly string sysfs = Directory.CreateTempSubdirectory("topology").FullName;

    public void Dispose() => Directory.Delete(sysfs, recursive: true);

    [Fact]
    public void CountsTwoLogicalCpusOfOneCoreAsOnePhysicalCore()
    {
        // A 2-vCPU cloud VM on Hyper-Threading: both logical CPUs are threads of core 0.
        Cpu(0, package: 0, core: 0);
        Cpu(1, package: 0, core: 0);

        var topology = ProcessorTopology.Read(sysfs, "Name:\tpwsh\nCpus_allowed_list:\t0-1\n");

        Assert.Equal(new ProcessorTopology(2, 1), topology);
        Assert.True(topology.SharesCores);
        Assert.Equal("2 logical CPUs on 1 physical core (they share cores)", topology.ToString());
    }

    [Fact]
    public void CountsOnlyTheCpusTheProcessMayRunOn()
    {
        // Four cores of two threads each, two packages with overlapping core ids; the process is pinned to 0, 2 and 5-6.
        for (var cpu = 0; cpu < 8; cpu++)
        {
            Cpu(cpu, package: cpu / 4, core: cpu % 2);
        }

        var topology = ProcessorTopology.Read(sysfs, "Cpus_allowed_list:\t0,2,5-6\n");

        Assert.Equal(new ProcessorTopology(4, 3), topology);
        Assert.Equal("4 logical CPUs on 3 physical cores (they share cores)", topology.ToString());
    }

    [Fact]
    public void SeparateCoresDoNotShare()
    {
        Cpu(0, package: 0, core: 0);
        Cpu(1, package: 0, core: 1);

        var topology = ProcessorTopology.Read(sysfs, "Cpus_allowed_list:\t0-1\n");

        Assert.False(topology.SharesCores);
        Assert.Equal("2 logical CPUs on 2 physical cores", topology.ToString());
    }

    [Theory]
    [InlineData("Cpus_allowed_list:\t0-1\n", 2)]
    [InlineData("Cpus_allowed_list:\t3-1\n", -1)]
    [InlineData("Cpus_allowed_list:\tzero\n", -1)]
    [InlineData("Name:\tpwsh\n", -1)]
    public void KnowsNoPhysicalCoresWithoutSysfsOrAReadableAffinity(string status, int logical)
    {
        var topology = ProcessorTopology.Read(Path.Combine(sysfs, "missing"), status);

        Assert.Null(topology.PhysicalCores);
        Assert.Equal(logical == -1 ? Environment.ProcessorCount : logical, topology.LogicalProcessors);
        Assert.False(topology.SharesCores);
        Assert.EndsWith("physical cores unknown", topology.ToString());
    }

    [Fact]
    public void ReadsThisMachine()
    {
        var topology = ProcessorTopology.Current;

        Assert.InRange(topology.LogicalProcessors, 1, 4096);
        if (OperatingSystem.IsLinux())
        {
            Assert.InRange(topology.PhysicalCores!.Value, 1, topology.LogicalProcessors);
        }
    }

    private void Cpu(int cpu, int package, int core)
    {
        var folder = Directory.CreateDirectory(Path.Combine(sysfs, $"cpu{cpu}", "topology")).FullName;
        File.WriteAllText(Path.Combine(folder, "physical_package_id"), $"{package}\n");
        File.WriteAllText(Path.Combine(folder, "core_id"), $"{core}\n");
    }
}
