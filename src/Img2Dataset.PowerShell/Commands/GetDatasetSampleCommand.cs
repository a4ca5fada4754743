using System.Management.Automation;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>Get-DatasetSample: streams the samples of a dataset folder back, whatever its format.</summary>
[Cmdlet(VerbsCommon.Get, "DatasetSample")]
[OutputType(typeof(StoredSample))]
public sealed class GetDatasetSampleCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "OutputFolder")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    protected override void ProcessRecord()
    {
        var folder = DatasetFolder.Resolve(this, Path);
        try
        {
            foreach (var sample in DatasetReader.Read(folder))
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
