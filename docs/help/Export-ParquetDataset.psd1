@{
    Include     = '_StorageParameters'
    Synopsis    = 'Writes samples as parquet shards holding metadata and image bytes (img2datasets "parquet" format).'
    Description = @'
Export-ParquetDataset writes OUT/00000.parquet with one row per input row: the metadata columns and the image bytes in a column named after the encode format (jpg, png or webp), empty for failed rows.

Samples may arrive in any order (downloads complete unordered); each goes to its shard (ShardId of its row), and a
shard is written out as soon as it holds SamplesPerShard rows, the last ones when the input ends; one summary object
per shard is emitted. Every file of a shard is written under a ".partial" name and moved into place when the shard is
complete, with NAME_stats.json last, so a stopped or failed pipeline never leaves a shard that looks finished.
Besides the images, every format writes NAME.parquet with one metadata row per input row (successes and failures:
url, caption, key, status, error_message, width, height, original_width, original_height, exif, the hash, and
opt_out naming the signal that refused an image) and NAME_stats.json with img2dataset's counts.
'@
    Parameters  = @{
        InputObject  = 'DatasetSample records from Resize-DatasetImage (or DownloadedImage records from Invoke-ImageDownload, stored as downloaded).'
        OutputFolder = 'The dataset folder; created when missing. Or a remote location (az://container/prefix, https://<account>.blob.core.windows.net/container/prefix, s3://bucket/prefix): shards are staged locally and each is uploaded once complete, its data first and its stats last; access is checked first.'
        ReferenceSchema = 'Write exactly the reference''s metadata columns (no opt_out column), for readers that check the schema or mix these shards with the reference''s. The consent evidence then follows the row''s error_message as "MESSAGE; opt_out: {JSON}" ("opt_out: {JSON}" alone for a kept sample), and Remove-DatasetSample and Update-DatasetConsent keep that schema.'
        Force        = 'Replace shards that already exist (their _stats.json is there). Without it such a shard is skipped with a ShardExists error.'
    }
    Inputs      = @{ 'Img2Dataset.Engine.Imaging.DatasetSample' = 'Samples from Resize-DatasetImage.'; 'Img2Dataset.Engine.Fetch.DownloadedImage' = 'Downloads, stored as they came.' }
    Outputs     = @{ 'Img2Dataset.Engine.Output.ShardSummary' = 'One per shard written: ShardId, Name, Path, Format, Count, Successes, FailedToDownload, FailedToResize, Bytes.' }
    Examples    = @(
        @{
            Title   = 'The whole pipeline into ParquetDataset shards of 1000'
            Code    = 'Import-UrlList ./urls.csv -CaptionColumn caption -SamplesPerShard 1000 | Invoke-ImageDownload | Resize-DatasetImage | Export-ParquetDataset ./dataset'
            Remarks = 'Writes one shard per 1000 input rows and prints a summary line per shard.'
        }
        @{
            Title   = 'See what would be replaced'
            Code    = 'Import-UrlList ./urls.csv | Invoke-ImageDownload | Resize-DatasetImage | Export-ParquetDataset ./dataset -Force -WhatIf'
            Remarks = 'Lists the shards that would be written or replaced without writing anything.'
        }
    )
}
