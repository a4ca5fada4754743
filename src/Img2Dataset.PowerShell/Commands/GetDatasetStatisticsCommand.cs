using System.Management.Automation;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>Get-DatasetStatistics: sums the _stats.json files of a dataset folder.</summary>
[Cmdlet(VerbsCommon.Get, "DatasetStatistics", DefaultParameterSetName = ProviderPaths.PathSet, HelpUri = HelpLinks.Export)]
[OutputType(typeof(DatasetStatistics))]
public sealed class GetDatasetStatisticsCommand : DatasetFolderCommandBase
{
    protected override void ProcessRecord()
    {
        foreach (var folder in Folders())
        {
            WriteObject(DatasetStatistics.Read(folder));
        }
    }
}
