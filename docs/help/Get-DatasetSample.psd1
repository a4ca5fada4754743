@{
    Synopsis    = 'Streams the samples of a dataset folder back, in any of the formats the module writes.'
    Description = @'
Get-DatasetSample reads a dataset folder written by the Export-* cmdlets (or by img2dataset): WebDataset tars,
TFRecord files, parquet files with an image column, or shard folders of files. Only complete shards (those with a
NAME_stats.json) are read, in shard order. Each sample has Key, Shard, Caption, Image (bytes), ImageFormat, Status and
Metadata (the JSON sidecar, TFRecord features or parquet row). For the parquet format failed rows are included with no
image; the other formats store images of successful samples only.
'@
    Parameters  = @{
        Path = 'The dataset folder.'
    }
    Inputs      = @{ 'System.String' = 'Dataset folders, also by the property names FullName or OutputFolder.' }
    Outputs     = @{ 'Img2Dataset.Engine.Output.StoredSample' = 'Key, Shard, Caption, Image, ImageFormat, Status, Metadata.' }
    Examples    = @(
        @{
            Title   = 'Check a few samples of a dataset'
            Code    = 'Get-DatasetSample ./dataset | Select-Object -First 5'
            Remarks = 'Shows the first five samples of the first complete shard.'
        }
    )
}
