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
                    record.Properties.Add(new PSNoteProperty(name, Flat(value)));
                }
                record.TypeNames.Insert(0, "Img2Dataset.MetadataRow");
                WriteObject(record);
            }
        }
    }

    /// <summary>A list cell as JSON text ("[0,100,200]"), so Export-Csv and Out-GridView show it, not its type name.</summary>
    private static object? Flat(object? value) =>
        value is System.Collections.IEnumerable list and not string ? System.Text.Json.JsonSerializer.Serialize(list) : value;
}
