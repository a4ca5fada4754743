using System.Management.Automation;

namespace Img2Dataset.PowerShell.Bridging;

/// <summary>
/// The CI service a cmdlet runs under, and its logging commands written to the host: Azure Pipelines when TF_BUILD is
/// "True" (its agents set exactly that; a variable merely present is not a pipeline) and GitHub Actions when
/// GITHUB_ACTIONS is "true". Warnings become annotations and a run's Markdown summary lands on the run's page.
/// </summary>
internal sealed class CiService
{
    private readonly bool azurePipelines;

    private CiService(bool azurePipelines) => this.azurePipelines = azurePipelines;

    public static CiService? Current { get; } =
        string.Equals(Environment.GetEnvironmentVariable("TF_BUILD"), "True", StringComparison.OrdinalIgnoreCase) ? new CiService(azurePipelines: true)
        : string.Equals(Environment.GetEnvironmentVariable("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase) ? new CiService(azurePipelines: false)
        : null;

    public bool IsAzurePipelines => azurePipelines;

    public void Warning(Cmdlet cmdlet, string message) => WriteToHost(cmdlet, Annotation("warning", message));

    /// <summary>An error annotation on the run's page (the run itself fails by the step's exit code).</summary>
    public void Error(Cmdlet cmdlet, string message) => WriteToHost(cmdlet, Annotation("error", message));

    /// <summary>The logging command of an annotation, its message on one line as each service decodes it.</summary>
    public string Annotation(string level, string message) => azurePipelines
        ? $"##vso[task.logissue type={level}]{EscapeAzurePipelinesData(message)}"
        : $"::{level}::{EscapeGitHubData(message)}";

    /// <summary>Azure Pipelines: the file is uploaded to the run's summary tab; GitHub Actions: appended to the step summary.</summary>
    public void Summary(Cmdlet cmdlet, string markdown, string folder)
    {
        if (azurePipelines)
        {
            var path = Path.Combine(folder, "run-summary.md");
            File.WriteAllText(path, markdown);
            WriteToHost(cmdlet, $"##vso[task.uploadsummary]{EscapeAzurePipelinesData(path)}");
        }
        else if (Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } stepSummary)
        {
            File.AppendAllText(stepSummary, markdown + Environment.NewLine);
        }
    }

    /// <summary>Logging commands go to the host, where the agent reads them, not down the pipeline.</summary>
    public static void WriteToHost(Cmdlet cmdlet, string line) =>
        cmdlet.WriteInformation(new InformationRecord(line, "Img2Dataset"), ["PSHOST"]);

    /// <summary>
    /// A logging command's data as the Azure Pipelines agent decodes it: "%" as "%AZP25" (a "%25" would reach the log
    /// as "%25"), CR and LF as "%0D" and "%0A" (azure-pipelines-task-lib, taskcommand.ts, escapedata).
    /// </summary>
    public static string EscapeAzurePipelinesData(string data) =>
        data.Replace("%", "%AZP25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>A workflow command's data as GitHub Actions decodes it: "%" as "%25", CR and LF as "%0D" and "%0A".</summary>
    public static string EscapeGitHubData(string data) =>
        data.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);
}
