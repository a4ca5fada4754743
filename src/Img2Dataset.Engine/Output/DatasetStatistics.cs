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

    /// <summary>Whether every planned shard is complete; null without a plan.</summary>
    public bool? IsComplete => PlannedShards is null ? null : MissingShards.Count == 0;

    public override string ToString() => FormattableString.Invariant(
        $"Dataset {Path}: {Shards:N0} shards, {Successes:N0} of {Count:N0} rows succeeded{(IsComplete is { } complete ? complete ? ", complete" : $", {MissingShards.Count} shards missing" : "")}");

    public static DatasetStatistics Read(string folder)
    {
        var names = Directory.EnumerateFileSystemEntries(folder).Select(System.IO.Path.GetFileName).OfType<string>().ToList();
        var planPath = System.IO.Path.Combine(OutputFolderLayout.StateFolder(folder), DatasetPlan.FileName);
        var plan = File.Exists(planPath) ? DatasetPlan.Parse(File.ReadAllText(planPath)) : null;
        var shards = DatasetReader.CompleteShards(folder).Select(name => ShardStatistics.Parse(ShardPaths.Stats(folder, name))).ToList();
        return Sum(folder, shards, names, plan);
    }

    /// <summary>The statistics of a dataset in an object store, from its stats objects and plan only.</summary>
    public static async Task<DatasetStatistics> ReadAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        await store.CheckAccessAsync(write: false, cancellationToken);
        var names = await store.ListAsync("", cancellationToken);
        var shards = new List<ShardStatistics>();
        foreach (var stats in names.Where(n => ShardObjects.Parse(n) is { IsStats: true }))
        {
            shards.Add(ShardStatistics.Parse(await ReadAllAsync(store, stats, cancellationToken), store.Location.Describe(stats)));
        }
        var planName = $"{OutputFolderLayout.StateFolderName}/{DatasetPlan.FileName}";
        var plan = names.Contains(planName) ? DatasetPlan.Parse(System.Text.Encoding.UTF8.GetString(await ReadAllAsync(store, planName, cancellationToken))) : null;
        return Sum(store.Location.ToString(), shards, names, plan);
    }

    private static async Task<byte[]> ReadAllAsync(IObjectStore store, string name, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(name, cancellationToken);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }

    /// <summary>Sums the shards, and finds the missing and incomplete ones from the names present (top-level or NAME/… objects).</summary>
    private static DatasetStatistics Sum(string path, List<ShardStatistics> shards, IEnumerable<string> names, DatasetPlan? plan)
    {
        var parsed = names.Select(ShardObjects.Parse).OfType<(int ShardId, bool IsStats)>().ToList();
        var complete = parsed.Where(p => p.IsStats).Select(p => p.ShardId).ToHashSet();
        var nameOf = ShardNames(names);
        var statusDict = shards.SelectMany(s => s.StatusDict)
            .GroupBy(p => p.Key)
            .OrderByDescending(g => g.Sum(p => p.Value))
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
        return new DatasetStatistics(path, shards.Count, shards.Sum(s => s.Count), shards.Sum(s => s.Successes), shards.Sum(s => s.FailedToDownload),
            shards.Sum(s => s.FailedToResize), TimeSpan.FromSeconds(shards.Sum(s => s.Duration)), statusDict)
        {
            PlannedShards = plan?.Shards.Count(),
            MissingShards = plan is null ? [] : plan.Shards.Where(id => !complete.Contains(id)).Select(nameOf).ToList(),
            IncompleteShards = parsed.Where(p => !complete.Contains(p.ShardId)).Select(p => p.ShardId).Distinct().Order().Select(nameOf).ToList(),
        };
    }

    /// <summary>Names shards as the dataset does: with the digits its existing names have (5, the default, when there are none).</summary>
    private static Func<int, string> ShardNames(IEnumerable<string> names)
    {
        var digits = names.Select(n => n.TakeWhile(char.IsAsciiDigit).Count()).Where(d => d > 0).DefaultIfEmpty(5).Max();
        return id => id.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }
}
