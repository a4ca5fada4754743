namespace Img2Dataset.Engine.Jobs;

/// <summary>What a job did: counts over this run, shards written, skipped (already complete) and failed, top errors.</summary>
public sealed record JobSummary(string OutputFolder, long Count, long Successes, long FailedToDownload, long FailedToResize,
    TimeSpan Duration, int ShardsWritten, int ShardsSkipped, IReadOnlyList<int> ShardsFailed, IReadOnlyList<KeyValuePair<string, int>> TopErrors)
{
    public double ImagesPerSecond => Count / Math.Max(Duration.TotalSeconds, 0.001);

    /// <summary>The bytes of the shards this run wrote (images, metadata and stats), uploaded ones included.</summary>
    public long BytesWritten { get; init; }
    public double SuccessRate => Count == 0 ? 0 : (double)Successes / Count;

    /// <summary>Which share of the dataset this run wrote, and where that came from (a CI variable, or the whole job).</summary>
    public WorkerSlice Worker { get; init; } = WorkerSlice.Single;

    /// <summary>The HTML report written at the end of the run (Invoke-Img2Dataset -Report); null without one.</summary>
    public string? ReportPath { get; init; }

    public override string ToString() => FormattableString.Invariant(
        $"Img2Dataset run into {OutputFolder} ({Worker}): {Successes:N0} of {Count:N0} rows succeeded, {ShardsWritten} shards written, {ShardsFailed.Count} failed");
}
