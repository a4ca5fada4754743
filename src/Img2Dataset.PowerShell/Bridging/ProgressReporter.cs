using System.Diagnostics;
using System.Management.Automation;

namespace Img2Dataset.PowerShell.Bridging;

/// <summary>
/// Write-Progress for long pipelines, at most a few times a second, with the shard of the latest row and, when the
/// total is known, the time left; and in Azure DevOps (TF_BUILD set) the ##vso[task.setprogress] line. Each update is
/// a new record: a host may keep the ones it was given (a runspace's Progress stream does).
/// </summary>
internal sealed class ProgressReporter(Cmdlet cmdlet, string activity, string status, string failedLabel)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly AzureDevOpsProgress azureDevOps = new(activity);
    private TimeSpan lastShown;

    /// <summary>The number of items when it is known up front; progress then shows a percentage and the time left.</summary>
    public long? Total { get; set; }

    private long done;
    private long failed;

    public void Advance(bool failedNow, int? shard = null)
    {
        done++;
        failed += failedNow ? 1 : 0;
        if (clock.Elapsed - lastShown < Interval)
        {
            return;
        }
        lastShown = clock.Elapsed;
        var rate = done / Math.Max(clock.Elapsed.TotalSeconds, 0.001);
        var record = new ProgressRecord(1, activity, $"{status}: {done:N0}{(Total is { } t ? $" of {t:N0}" : "")} done, {failed:N0} {failedLabel}, {Presentation.PerSecond(rate)}/s")
        {
            CurrentOperation = shard is { } id ? $"shard {id}" : null,
        };
        if (Total is { } count && count > 0)
        {
            record.PercentComplete = (int)Math.Min(100, done * 100 / count);
            record.SecondsRemaining = (int)Math.Min(int.MaxValue, Math.Ceiling(Math.Max(0, count - done) / rate));
            azureDevOps.Report(cmdlet, record.PercentComplete);
        }
        cmdlet.WriteProgress(record);
    }

    public void Complete() => cmdlet.WriteProgress(new ProgressRecord(1, activity, status) { RecordType = ProgressRecordType.Completed });
}
