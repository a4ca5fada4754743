using System.Management.Automation;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>Export-TFRecordDataset: writes samples as TFRecord files of tf.train.Example records, one shard at a time.</summary>
[Cmdlet(VerbsData.Export, "TFRecordDataset", SupportsShouldProcess = true, HelpUri = HelpLinks.Export)]
[OutputType(typeof(ShardSummary))]
public sealed class ExportTFRecordDatasetCommand : ExportCommandBase
{
    protected override OutputFormat Format => OutputFormat.TFRecord;
}
