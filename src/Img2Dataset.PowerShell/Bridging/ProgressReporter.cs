using System.Diagnostics;
using System.Management.Automation;

namespace Img2Dataset.PowerShell.Bridging;

/// <summary>
/// Write-Progress for long pipelines, at most a few times a second; and in Azure DevOps (TF_BUILD set) the
/// ##vso[task.setprogress] line when the total is known.
/// </summary>
internal sealed class ProgressReporter(Cmdlet cmdlet, string activity, string status, string failedLabel)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly ProgressRecord record = new(1, activity, status);
    private readonly AzureDevOpsProgress azureDevOps = new(activity);
    private TimeSpan lastShown;

    /// <summary>The number of items when it is known up front; progress then shows a percentage.</summary>
    public long? Total { get; set; }

    private long done;
    private long failed;

    public void Advance(bool failedNow)
    {
        done++;
        failed += failedNow ? 1 : 0;
        if (clock.Elapsed - lastShown < Interval)
        {
            return;
        }
        lastShown = clock.Elapsed;
        var rate = done / Math.Max(clock.Elapsed.TotalSeconds, 0.001);
        record.StatusDescription = $"{status}: {done:N0}{(Total is { } t ? $" of {t:N0}" : "")} done, {failed:N0} {failedLabel}, {rate:N0}/s";
        if (Total is { } count && count > 0)
        {
            record.PercentComplete = (int)Math.Min(100, done * 100 / count);
            azureDevOps.Report(cmdlet, record.PercentComplete);
        }
        cmdlet.WriteProgress(record);
    }

    public void Complete()
    {
        record.RecordType = ProgressRecordType.Completed;
        cmdlet.WriteProgress(record);
    }
}
