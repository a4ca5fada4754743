using System.Management.Automation;

namespace Img2Dataset.PowerShell.Bridging;

/// <summary>
/// In an Azure DevOps pipeline the task's progress bar follows ##vso[task.setprogress] lines on the host output;
/// they are written once per percent.
/// </summary>
internal sealed class AzureDevOpsProgress(string activity)
{
    private int lastPercent = -1;

    public void Report(Cmdlet cmdlet, int percent)
    {
        if (CiService.Current is { IsAzurePipelines: true } && percent != lastPercent)
        {
            lastPercent = percent;
            CiService.WriteToHost(cmdlet, $"##vso[task.setprogress value={percent};]{CiService.EscapeAzurePipelinesData(activity)}");
        }
    }
}
