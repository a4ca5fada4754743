using System.Management.Automation;

namespace Img2Dataset.PowerShell.Bridging;

/// <summary>
/// In an Azure DevOps pipeline (TF_BUILD set) the task's progress bar follows ##vso[task.setprogress] lines on the
/// host output; they are written once per percent.
/// </summary>
internal sealed class AzureDevOpsProgress(string activity)
{
    private static readonly bool InAzureDevOps = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TF_BUILD"));
    private int lastPercent = -1;

    public void Report(Cmdlet cmdlet, int percent)
    {
        if (InAzureDevOps && percent != lastPercent)
        {
            lastPercent = percent;
            cmdlet.WriteInformation(new InformationRecord($"##vso[task.setprogress value={percent};]{activity}", activity), ["PSHOST"]);
        }
    }
}
