using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;

namespace Img2Dataset.Engine.Jobs;

/// <summary>What a pipeline stage did with its rows, for its verbose line: successes, each kind of failure, refusals.</summary>
public sealed class StageTally
{
    private long rows;
    private long successes;
    private long failedToDownload;
    private long failedToResize;
    private long refused;
    private long refusedByAudit;

    public void Add(DownloadedImage image) => Add(image.Status, image);

    public void Add(DatasetSample sample) => Add(sample.Status, sample.Download);

    private void Add(string status, DownloadedImage download)
    {
        rows++;
        successes += status == SampleStatus.Success ? 1 : 0;
        failedToDownload += status == SampleStatus.FailedToDownload ? 1 : 0;
        failedToResize += status == SampleStatus.FailedToResize ? 1 : 0;
        refused += download.OptOut is { Allowed: false } ? 1 : 0;
        refusedByAudit += download.Row.Refused ? 1 : 0;
    }

    /// <summary>"Downloaded 40 rows: 33 succeeded, 7 failed to download (6 refused by opt-out signals, 6 of them by an audit upstream, not requested)."</summary>
    public string Describe(string verb) =>
        $"{verb} {rows:N0} rows: {successes:N0} succeeded, {failedToDownload:N0} failed to download" +
        (refused > 0 ? $" ({refused:N0} refused by opt-out signals{(refusedByAudit > 0 ? $", {refusedByAudit:N0} of them by an audit upstream, not requested" : "")})" : "") +
        $", {failedToResize:N0} failed to resize.";
}
