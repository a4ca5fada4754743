using System.Management.Automation;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>Export-ImageFolder: writes samples as folders of KEY.jpg, KEY.txt, KEY.json files, one shard at a time.</summary>
[Cmdlet(VerbsData.Export, "ImageFolder", SupportsShouldProcess = true, HelpUri = HelpLinks.Export)]
[OutputType(typeof(ShardSummary))]
public sealed class ExportImageFolderCommand : ExportCommandBase
{
    protected override OutputFormat Format => OutputFormat.Files;
}
