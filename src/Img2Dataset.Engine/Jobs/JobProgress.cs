namespace Img2Dataset.Engine.Jobs;

/// <summary>A snapshot of a running job, for progress bars and the reference's status line.</summary>
public sealed record JobProgress(long Count, long Successes, long FailedToDownload, long FailedToResize, long? TotalRows,
    int ShardsWritten, TimeSpan Elapsed)
{
    public double ImagesPerSecond => Count / Math.Max(Elapsed.TotalSeconds, 0.001);

    /// <summary>The shard of the latest row done; null before the first.</summary>
    public int? CurrentShard { get; init; }

    /// <summary>The time left at the rate so far, once the input is counted and a row is done; null before.</summary>
    public TimeSpan? Remaining => TotalRows is { } total && Count > 0
        ? TimeSpan.FromSeconds(Math.Max(0, total - Count) / ImagesPerSecond)
        : null;

    public override string ToString() => StatusLine();

    /// <summary>The reference's console line: <c>total   - success: 0.899 - failed to download: 0.096 - …</c></summary>
    public string StatusLine(string prefix = "total")
    {
        double Ratio(long part) => Count == 0 ? 0 : (double)part / Count;
        return FormattableString.Invariant(
            $"{prefix,-7} - success: {Ratio(Successes):0.000} - failed to download: {Ratio(FailedToDownload):0.000} - failed to resize: {Ratio(FailedToResize):0.000} - images per sec: {ImagesPerSecond:0} - count: {Count}");
    }
}
