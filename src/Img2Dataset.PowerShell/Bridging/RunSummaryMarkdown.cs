using System.Globalization;
using System.Text;
using Img2Dataset.Engine.Jobs;

namespace Img2Dataset.PowerShell.Bridging;

/// <summary>A job's summary as the Markdown a CI run page shows; durations with their days, as every view shows them.</summary>
internal static class RunSummaryMarkdown
{
    public static string For(JobSummary summary)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### Img2Dataset: {summary.OutputFolder}");
        text.AppendLine();
        text.AppendLine("| rows | successes | failed to download | failed to resize | success rate | images/s | duration | shards written | skipped | failed |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {summary.Count:N0} | {summary.Successes:N0} | {summary.FailedToDownload:N0} | {summary.FailedToResize:N0} | {summary.SuccessRate:P1} | {summary.ImagesPerSecond:N0} | {Presentation.Duration(summary.Duration)} | {summary.ShardsWritten} | {summary.ShardsSkipped} | {string.Join(", ", summary.ShardsFailed)} |");
        if (summary.ReportPath is { } report)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"HTML report: [{Path.GetFileName(report)}]({new Uri(report).AbsoluteUri}) (`{report}`): publish it as the run's artifact to open it from this page's Artifacts.");
        }
        if (summary.TopErrors.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| errors | message |");
            text.AppendLine("| --- | --- |");
            foreach (var (message, count) in summary.TopErrors)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {count:N0} | {Presentation.MarkdownCell(message)} |");
            }
        }
        return text.ToString();
    }
}
