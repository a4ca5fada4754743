using Img2Dataset.Engine.Jobs;
using Img2Dataset.Engine.Storage;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// The stats files of a dataset, local or remote, summed: the location, the counts, the shards' writing time (a
/// TimeSpan, as a job summary's Duration), and the statuses as a dictionary (the reference's status_dict) and as
/// Status/Count rows. With the job's plan (<c>.img2dataset/plan.json</c>), also which shards are missing; and which
/// are incomplete (data without stats: a writer or upload that did not finish), so the workers of one dataset can be
/// checked at the end.
/// </summary>
public sealed record DatasetStatistics(string Path, int Shards, int Count, int Successes, int FailedToDownload, int FailedToResize,
    TimeSpan Duration, IReadOnlyDictionary<string, int> StatusDict)
{
    public double SuccessRate => Count == 0 ? 0 : (double)Successes / Count;

    /// <summary>The statuses, most frequent first, as rows a table, Group-Object or Export-Csv handles.</summary>
    public IReadOnlyList<StatusCount> Statuses => StatusDict.Select(p => new StatusCount(p.Key, p.Value)).ToList();

    /// <summary>How many shards the job's input makes, from its plan; null when no job recorded one.</summary>
    public int? PlannedShards { get; init; }

    /// <summary>Shards of the plan without stats, by name.</summary>
    public IReadOnlyList<string> MissingShards { get; init; } = [];

    /// <summary>Shards with data but no stats: not complete, rewritten by the next run of their worker.</summary>
    public IReadOnlyList<string> IncompleteShards { get; init; } = [];

    /// <summary>Samples removed after the dataset was built (takedowns, consent re-checks), their rows kept.</summary>
    public int Removed { get; init; }

    /// <summary>The dataset's maintenance: takedowns and consent re-check passes, when, and what each removed by signal.</summary>
    public IReadOnlyList<Maintenance.MaintenanceRecord> History { get; init; } = [];

    /// <summary>Whether every planned shard is complete; null without a plan.</summary>
    public bool? IsComplete => PlannedShards is null ? null : MissingShards.Count == 0;

    public override string ToString() => FormattableString.Invariant(
        $"Dataset {Path}: {Shards:N0} shards, {Successes:N0} of {Count:N0} rows succeeded{(IsComplete is { } complete ? complete ? ", complete" : $", {MissingShards.Count} shards missing" : "")}");

    public static DatasetStatistics Read(string folder) => Read(folder, DatasetReader.CompleteShardStatistics(folder));

    /// <summary>The statistics of a local dataset whose complete shards the caller has already read.</summary>
    public static DatasetStatistics Read(string folder, IReadOnlyList<(string Name, ShardStatistics Stats)> completeShards)
    {
        var names = Directory.EnumerateFileSystemEntries(folder).Select(System.IO.Path.GetFileName).OfType<string>().ToList();
        var planPath = System.IO.Path.Combine(OutputFolderLayout.StateFolder(folder), DatasetPlan.FileName);
        var plan = File.Exists(planPath) ? DatasetPlan.Parse(File.ReadAllText(planPath)) : null;
        var shards = completeShards.ToDictionary(s => s.Name, s => s.Stats);
        return Sum(folder, shards, names, plan) with { History = Maintenance.MaintenanceHistory.Read(folder) };
    }

    /// <summary>
    /// The statistics of a dataset in an object store, from its listing, stats objects and plan only: a shard counts
    /// as complete when the objects its commit names are listed with the sizes and MD5s it states.
    /// </summary>
    public static async Task<DatasetStatistics> ReadAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        await store.CheckAccessAsync(write: false, cancellationToken);
        var listing = await store.ListAsync("", cancellationToken);
        var shards = await CommittedShards.ReadAsync(store, listing, cancellationToken);
        var planName = $"{OutputFolderLayout.StateFolderName}/{DatasetPlan.FileName}";
        var plan = listing.Any(o => o.Name == planName) ? DatasetPlan.Parse(System.Text.Encoding.UTF8.GetString(await CommittedShards.ReadAllAsync(store, planName, cancellationToken))) : null;
        var historyName = $"{OutputFolderLayout.StateFolderName}/{Maintenance.MaintenanceHistory.FileName}";
        var history = listing.Any(o => o.Name == historyName)
            ? Maintenance.MaintenanceHistory.Parse(await CommittedShards.ReadAllAsync(store, historyName, cancellationToken), historyName)
            : [];
        return Sum(store.Location.ToString(), shards.Where(s => s.Value.Verified).ToDictionary(s => s.Key, s => s.Value.Stats!), listing.Select(o => o.Name), plan)
            with { History = history };
    }

    /// <summary>
    /// Sums the complete shards (by name), and finds the missing and incomplete ones from the names present
    /// (top-level or NAME/… objects): a shard with data or stats but not complete is incomplete.
    /// </summary>
    private static DatasetStatistics Sum(string path, IReadOnlyDictionary<string, ShardStatistics> complete, IEnumerable<string> names, DatasetPlan? plan)
    {
        var parsed = names.Select(ShardObjects.Parse).OfType<(int ShardId, bool IsStats)>().ToList();
        var completeIds = complete.Keys.Select(n => ShardObjects.Parse(n + ShardObjects.StatsSuffix)!.Value.ShardId).ToHashSet();
        var nameOf = ShardNames(names);
        var shards = complete.Values.ToList();
        var statusDict = shards.SelectMany(s => s.StatusDict)
            .GroupBy(p => p.Key)
            .OrderByDescending(g => g.Sum(p => p.Value))
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
        return new DatasetStatistics(path, shards.Count, shards.Sum(s => s.Count), shards.Sum(s => s.Successes), shards.Sum(s => s.FailedToDownload),
            shards.Sum(s => s.FailedToResize), TimeSpan.FromSeconds(shards.Sum(s => s.Duration)), statusDict)
        {
            Removed = shards.Sum(s => s.Removed),
            PlannedShards = plan?.Shards.Count(),
            MissingShards = plan is null ? [] : plan.Shards.Where(id => !completeIds.Contains(id)).Select(nameOf).ToList(),
            IncompleteShards = parsed.Where(p => !completeIds.Contains(p.ShardId)).Select(p => p.ShardId).Distinct().Order().Select(nameOf).ToList(),
        };
    }

    /// <summary>Names shards as the dataset does: with the digits its existing names have (5, the default, when there are none).</summary>
    private static Func<int, string> ShardNames(IEnumerable<string> names)
    {
        var digits = names.Select(n => n.TakeWhile(char.IsAsciiDigit).Count()).Where(d => d > 0).DefaultIfEmpty(5).Max();
        return id => id.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }
}
