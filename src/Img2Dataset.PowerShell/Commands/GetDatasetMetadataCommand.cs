using System.Management.Automation;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>
/// Get-DatasetMetadata: every metadata row of a dataset (successes and failures), as flat objects whose properties are
/// the columns in the reference's order: url, key, status, error_message, opt_out, sizes, hash, caption, extra columns.
/// </summary>
[Cmdlet(VerbsCommon.Get, "DatasetMetadata", DefaultParameterSetName = ProviderPaths.PathSet, HelpUri = HelpLinks.Export)]
[OutputType(typeof(PSObject))]
public sealed class GetDatasetMetadataCommand : DatasetFolderCommandBase
{
    protected override void ProcessRecord()
    {
        foreach (var folder in Folders())
        {
            foreach (var row in DatasetReader.ReadAllMetadata(folder))
            {
                var record = new PSObject();
                foreach (var (name, value) in row)
                {
                    record.Properties.Add(new PSNoteProperty(name, value));
                }
                record.TypeNames.Insert(0, "Img2Dataset.MetadataRow");
                WriteObject(record);
            }
        }
    }
}
