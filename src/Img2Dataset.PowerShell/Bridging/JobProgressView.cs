using System.Diagnostics;
using System.Management.Automation;
using Img2Dataset.Engine.Jobs;

namespace Img2Dataset.PowerShell.Bridging;

/// <summary>
/// Shows a running job: Write-Progress (done/total, success ratio, images/s), the reference's status line on the
/// information stream every 5 seconds (tag "Img2Dataset"), and Azure DevOps progress.
/// </summary>
internal sealed class JobProgressView(Cmdlet cmdlet)
{
    private const string Activity = "Invoke-Img2Dataset";
    private static readonly TimeSpan StatusLineInterval = TimeSpan.FromSeconds(5);
    private readonly AzureDevOpsProgress azureDevOps = new(Activity);
    private readonly Stopwatch sinceStatusLine = Stopwatch.StartNew();

    public void Show(JobProgress progress)
    {
        var success = progress.Count == 0 ? 0 : (double)progress.Successes / progress.Count;
        // A new record each time: a host may keep the ones it was given (a runspace's Progress stream does).
        var record = new ProgressRecord(1, Activity, FormattableString.Invariant(
            $"{progress.Count:N0}{(progress.TotalRows is { } total ? $" of {total:N0}" : "")} rows, {Presentation.Rate(success)} success, {Presentation.PerSecond(progress.ImagesPerSecond)} images/s, {progress.ShardsWritten} shards written"))
        {
            CurrentOperation = progress.CurrentShard is { } shard ? FormattableString.Invariant($"shard {shard}") : null,
        };
        if (progress.TotalRows is > 0 and var rows)
        {
            record.PercentComplete = (int)Math.Min(100, progress.Count * 100 / rows);
            azureDevOps.Report(cmdlet, record.PercentComplete);
        }
        if (progress.Remaining is { } remaining)
        {
            // Write-Progress shows this as the time left, hours and days included.
            record.SecondsRemaining = (int)Math.Min(int.MaxValue, Math.Ceiling(remaining.TotalSeconds));
        }
        cmdlet.WriteProgress(record);
        if (sinceStatusLine.Elapsed >= StatusLineInterval)
        {
            StatusLine(progress);
        }
    }

    public void StatusLine(JobProgress progress)
    {
        sinceStatusLine.Restart();
        cmdlet.WriteInformation(new InformationRecord(progress.StatusLine(), Activity), ["Img2Dataset"]);
    }

    public void Complete() => cmdlet.WriteProgress(new ProgressRecord(1, Activity, "Done") { RecordType = ProgressRecordType.Completed });
}
