using System.Management.Automation;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>Export-ParquetDataset: writes samples as parquet files with the images in a column, one shard at a time.</summary>
[Cmdlet(VerbsData.Export, "ParquetDataset", SupportsShouldProcess = true, HelpUri = HelpLinks.Export)]
[OutputType(typeof(ShardSummary))]
public sealed class ExportParquetDatasetCommand : ExportCommandBase
{
    protected override OutputFormat Format => OutputFormat.Parquet;
}
