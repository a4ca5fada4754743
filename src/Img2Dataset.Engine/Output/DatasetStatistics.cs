namespace Img2Dataset.Engine.Output;

/// <summary>The stats files of a dataset folder, summed.</summary>
public sealed record DatasetStatistics(int Shards, int Count, int Successes, int FailedToDownload, int FailedToResize,
    double Duration, IReadOnlyDictionary<string, int> StatusDict)
{
    public double SuccessRate => Count == 0 ? 0 : (double)Successes / Count;

    public static DatasetStatistics Read(string folder)
    {
        var shards = DatasetReader.CompleteShards(folder).Select(name => ShardStatistics.Parse(ShardPaths.Stats(folder, name))).ToList();
        var statusDict = shards.SelectMany(s => s.StatusDict)
            .GroupBy(p => p.Key)
            .OrderByDescending(g => g.Sum(p => p.Value))
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
        return new DatasetStatistics(shards.Count, shards.Sum(s => s.Count), shards.Sum(s => s.Successes), shards.Sum(s => s.FailedToDownload),
            shards.Sum(s => s.FailedToResize), shards.Sum(s => s.Duration), statusDict);
    }
}
