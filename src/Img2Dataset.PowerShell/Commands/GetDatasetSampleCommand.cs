using System.Management.Automation;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>Get-DatasetSample: streams the samples of a dataset folder back, whatever its format.</summary>
[Cmdlet(VerbsCommon.Get, "DatasetSample", DefaultParameterSetName = ProviderPaths.PathSet, HelpUri = HelpLinks.Export)]
[OutputType(typeof(StoredSample))]
public sealed class GetDatasetSampleCommand : DatasetFolderCommandBase
{
    protected override void ProcessRecord()
    {
        foreach (var folder in Folders())
        {
            try
            {
                foreach (var sample in Samples(folder))
                {
                    WriteObject(sample);
                }
            }
            catch (InvalidDataException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "UnreadableDataset", ErrorCategory.InvalidData, folder));
            }
        }
    }
}
