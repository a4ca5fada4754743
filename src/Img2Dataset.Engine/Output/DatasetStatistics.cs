namespace Img2Dataset.Engine.Output;

/// <summary>
/// The stats files of a dataset folder, summed: the folder, the counts, the shards' writing time (a TimeSpan, as a
/// job summary's Duration), and the statuses as a dictionary (the reference's status_dict) and as Status/Count rows.
/// </summary>
public sealed record DatasetStatistics(string Path, int Shards, int Count, int Successes, int FailedToDownload, int FailedToResize,
    TimeSpan Duration, IReadOnlyDictionary<string, int> StatusDict)
{
    public double SuccessRate => Count == 0 ? 0 : (double)Successes / Count;

    /// <summary>The statuses, most frequent first, as rows a table, Group-Object or Export-Csv handles.</summary>
    public IReadOnlyList<StatusCount> Statuses => StatusDict.Select(p => new StatusCount(p.Key, p.Value)).ToList();

    public static DatasetStatistics Read(string folder)
    {
        var shards = DatasetReader.CompleteShards(folder).Select(name => ShardStatistics.Parse(ShardPaths.Stats(folder, name))).ToList();
        var statusDict = shards.SelectMany(s => s.StatusDict)
            .GroupBy(p => p.Key)
            .OrderByDescending(g => g.Sum(p => p.Value))
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
        return new DatasetStatistics(folder, shards.Count, shards.Sum(s => s.Count), shards.Sum(s => s.Successes), shards.Sum(s => s.FailedToDownload),
            shards.Sum(s => s.FailedToResize), TimeSpan.FromSeconds(shards.Sum(s => s.Duration)), statusDict);
    }
}
