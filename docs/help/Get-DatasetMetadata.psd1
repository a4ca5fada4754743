@{
    Include     = '_StorageParameters'
    Synopsis    = 'Reads every metadata row of a dataset back, successes and failures, as flat objects.'
    Description = @'
Get-DatasetMetadata reads the metadata parquet of every complete shard (every output format but dummy writes one) and
returns one object per input row, with the columns as properties in the reference's order: additional columns,
caption, url, key, status, error_message, width, height, original_width, original_height, exif (JSON text), the hash
column, and opt_out (JSON text). Image bytes are left out, so the objects go to Export-Csv, Group-Object,
Format-Table or Out-GridView as they are. Get-DatasetSample, by contrast, returns the stored samples with their images.
'@
    Parameters  = @{
        Path        = 'Dataset folders; wildcards expand. One that does not exist is a non-terminating PathNotFound error and the others are still read. A remote location (az://, a blob URL, s3://) has the metadata and stats of its complete shards copied to a temporary folder first (not the images, except in the parquet output format, which keeps them in the same file), deleted when the command ends.'
        LiteralPath = 'Dataset folders taken as written (brackets and asterisks are part of the name); bound from Get-ChildItem''s items by their PSPath.'
    }
    Inputs      = @{ 'System.String' = 'Dataset folders, by the property name OutputFolder (an Invoke-Img2Dataset summary) or PSPath (Get-ChildItem''s folders).' }
    Outputs     = @{ 'System.Management.Automation.PSObject' = 'One Img2Dataset.MetadataRow per input row.' }
    Examples    = @(
        @{
            Title   = 'Why did rows fail, by status and message?'
            Code    = 'Get-DatasetMetadata ./dataset | Group-Object status, error_message -NoElement | Sort-Object Count -Descending'
            Remarks = 'Counts the rows of each status and message.'
        }
        @{
            Title   = 'Every row to a CSV file'
            Code    = 'Get-DatasetMetadata ./dataset | Export-Csv ./dataset-rows.csv'
            Remarks = 'One line per input row, failures included.'
        }
    )
}
