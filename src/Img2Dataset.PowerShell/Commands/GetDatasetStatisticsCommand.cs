using System.Management.Automation;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>Get-DatasetStatistics: sums the _stats.json files of a dataset folder.</summary>
[Cmdlet(VerbsCommon.Get, "DatasetStatistics")]
[OutputType(typeof(DatasetStatistics))]
public sealed class GetDatasetStatisticsCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "OutputFolder")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    protected override void ProcessRecord() => WriteObject(DatasetStatistics.Read(DatasetFolder.Resolve(this, Path)));
}
