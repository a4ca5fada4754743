using System.Management.Automation;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>Export-WebDataset: writes samples as tar files of KEY.jpg, KEY.json, KEY.txt, one shard at a time.</summary>
[Cmdlet(VerbsData.Export, "WebDataset", SupportsShouldProcess = true, HelpUri = HelpLinks.Export)]
[OutputType(typeof(ShardSummary))]
public sealed class ExportWebDatasetCommand : ExportCommandBase
{
    protected override OutputFormat Format => OutputFormat.WebDataset;
}
