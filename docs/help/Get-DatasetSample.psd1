@{
    Include     = '_StorageParameters'
    Synopsis    = 'Streams the samples of a dataset folder back, in any of the formats the module writes.'
    Description = @'
Get-DatasetSample reads a dataset folder written by the Export-* cmdlets (or by img2dataset): WebDataset tars,
TFRecord files, parquet files with an image column, or shard folders of files. Only complete shards (those with a
NAME_stats.json) are read, in shard order. Each sample has Key, Shard, Caption, Image (bytes), ImageFormat, Status and
Metadata (the JSON sidecar, TFRecord features or parquet row). For the parquet format failed rows are included with no
image; the other formats store images of successful samples only.
'@
    Parameters  = @{
        Path        = 'Dataset folders; wildcards expand. One that does not exist is a non-terminating PathNotFound error and the others are still read. A remote location (az://, a blob URL, s3://) has the metadata and stats of its complete shards copied to a temporary folder first, then each shard''s images downloaded there while its samples are read and deleted before the next (it needs one shard''s size on disk, not the dataset''s); the copy is deleted when the command ends.'
        LiteralPath = 'Dataset folders taken as written (brackets and asterisks are part of the name); bound from Get-ChildItem''s items by their PSPath.'
    }
    Inputs      = @{ 'System.String' = 'Dataset folders, by the property name OutputFolder (an Invoke-Img2Dataset summary) or PSPath (Get-ChildItem''s folders).' }
    Outputs     = @{ 'Img2Dataset.Engine.Output.StoredSample' = 'Key, Shard, Caption, Image, ImageFormat, Status, Metadata.' }
    Examples    = @(
        @{
            Title   = 'Check a few samples of a dataset'
            Code    = 'Get-DatasetSample ./dataset | Select-Object -First 5'
            Remarks = 'Shows the first five samples of the first complete shard.'
        }
    )
}
