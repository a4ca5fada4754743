@{
    Include     = @('_UrlListParameters', '_StorageParameters')
    Synopsis    = 'Reads URL lists in every img2dataset input format and streams them as UrlRow records with shard ids and keys.'
    Description = @'
Import-UrlList reads txt, csv, tsv, json (an array of objects), jsonl and parquet lists, and the gzipped txt.gz, csv.gz,
tsv.gz, json.gz and jsonl.gz variants. The format comes from -InputFormat, or from each file's extension. -Path takes
files, wildcards or folders (every input file inside, in name order).

Rows stream out as they are read: memory does not grow with the size of the list, and a pipeline that stops early
(Select-Object -First) stops the reading. Each row carries img2dataset's shard id, index in shard and key
(shard 1, index 5 is 000010005 with the defaults). Each file starts a new shard and shard ids run on across files.

A problem with a whole file (missing file, unknown format, missing column, malformed JSON document) is a terminating
error naming the file. A bad row (empty url, malformed json line or csv record, bad boxes) is a non-terminating error
(ErrorId InvalidUrlRow) whose target is file:line; it keeps its key, so the next rows keep theirs. It is left out
of the output unless -IncludeInvalidRows is given: then it follows its error down the pipeline with InputError set,
Invoke-ImageDownload turns it into a failed_to_download record without touching the network, and the dataset's
metadata accounts for every input row, as with Invoke-Img2Dataset.
'@
    Parameters  = @{
        Path              = 'Input files, wildcards or folders. A folder contributes every file of the chosen format (or of any known format) in ordinal name order, not recursively. A path that names nothing is a non-terminating PathNotFound error and the others are still read. Remote lists (az://container/path, a blob URL with or without a SAS, s3://bucket/path: an object, a prefix, or a wildcard in the last segment) are copied to a temporary folder, streamed, and read from there.'
        LiteralPath       = 'Input files or folders taken as written (so list[1].csv works); bound from Get-ChildItem''s items by their PSPath.'
        HashColumn        = 'A column holding the expected hash of each image, for hash verification by the downloader.'
        AdditionalColumns = 'More input columns to keep on each row, in this order, for the dataset metadata. Names img2dataset writes itself (key, url, caption, status, error_message, width, height, original_width, original_height, exif, md5, sha256, sha512) are refused.'
        StartShard        = 'The id of the first shard (default 0).'
        IncludeInvalidRows = 'Also output the rows that could not be read (after their error), with InputError saying why, so that the pipeline records them as failed_to_download rows in the dataset metadata.'
    }
    Inputs      = @{ 'System.String' = 'Paths of URL lists (wildcards expand), or Get-ChildItem''s items, bound to -LiteralPath by their PSPath.' }
    Outputs     = @{ 'Img2Dataset.Engine.Input.UrlRow' = 'One record per good input row (and per bad one with -IncludeInvalidRows): Key, ShardId, Index, Url, Caption, Bboxes, ExpectedHash, AdditionalColumns, SourceFile, SourceLine, InputError.' }
    Examples    = @(
        @{
            Title   = 'Build a dataset through the pipeline with every input row in its metadata'
            Code    = 'Import-UrlList ./urls.csv -IncludeInvalidRows -ErrorAction SilentlyContinue | Invoke-ImageDownload | Resize-DatasetImage | Export-WebDataset -OutputFolder ./out'
            Remarks = 'A row with an empty or unreadable url becomes a failed_to_download row of the metadata, its error_message naming the file and line.'
        }
        @{
            Title   = 'Read a csv list with captions'
            Code    = 'Import-UrlList ./laion-part.csv -CaptionColumn caption | Select-Object -First 3'
            Remarks = 'Shows the first three rows with their keys; only the start of the file is read.'
        }
        @{
            Title   = 'Read a folder of gzipped jsonl files into small shards'
            Code    = 'Import-UrlList ./lists -InputFormat jsonl.gz -UrlColumn URL -CaptionColumn TEXT -SamplesPerShard 1000'
            Remarks = 'Every *.jsonl.gz file of the folder is read in name order; shard ids run on from file to file.'
        }
    )
}
