using System.Management.Automation;
using Img2Dataset.Engine.Output;
using Img2Dataset.Engine.Storage;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>
/// Get-DatasetStatistics: sums the _stats.json files of a dataset, local or remote (only its stats objects are read),
/// and names the shards the job's plan expects that are missing or incomplete.
/// </summary>
[Cmdlet(VerbsCommon.Get, "DatasetStatistics", DefaultParameterSetName = ProviderPaths.PathSet, HelpUri = HelpLinks.Export)]
[OutputType(typeof(DatasetStatistics))]
public sealed class GetDatasetStatisticsCommand : DatasetFolderCommandBase
{
    protected override void ProcessRecord()
    {
        foreach (var location in Locations())
        {
            var statistics = StorageLocation.IsRemoteText(location)
                ? Remote(location, store => DatasetStatistics.ReadAsync(store, CancellationToken.None))
                : DatasetStatistics.Read(location);
            if (statistics is not null)
            {
                WriteObject(statistics);
            }
        }
    }
}
