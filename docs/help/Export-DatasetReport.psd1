@{
    Include     = '_StorageParameters'
    Synopsis    = 'Writes one self-contained HTML page of what a dataset collected, what creators refused and what was lost.'
    Description = @'
Export-DatasetReport reads a dataset's published shards (their stats, metadata parquet and images; shards still being
written are left out) and writes one HTML file that opens offline in any browser: no script, no font and no request
to anywhere (its Content-Security-Policy refuses every source but its own stylesheet and data: images).

It shows the run (rows, successes, success rate, wall time, images per second, the options the dataset was made
with from .img2dataset/config.json, the module version that wrote it, and for a dataset built by several workers each
worker's shards and those missing), where rows went (a chart and table of outcomes: success, each failure status,
each opt-out signal; the top 20 errors with an example URL each), consent (images each signal refused, and the 20
hosts with the most refusals, each with one row's evidence), the images (a grid of up to -SampleCount thumbnails
chosen by key hash across every shard, read from the shards whatever their format, with captions as alt text, and
histograms of original and stored sizes, stored bytes and aspect ratios), the 20 hosts with the most rows and
the 20 with the most failures, and every shard (missing
and incomplete ones first; at most 1,000 rows).

Memory stays bounded on any dataset: rows are streamed, hosts and error messages are counted up to a limit (100,000
hosts, 1,000 messages; later ones grouped), and the thumbnails stop at 3 MB. A remote dataset (az://, a blob URL,
s3://) has its metadata and stats copied to a temporary folder first, then each shard's images downloaded there only
while that shard is read: the report needs one shard's size on disk, not the dataset's.
'@
    Parameters  = @{
        Path        = 'Dataset folders, or remote locations (az://container/prefix, https://<account>.blob.core.windows.net/container/prefix, s3://bucket/prefix); wildcards expand in local paths. One that does not exist is a non-terminating PathNotFound error and the others are still reported.'
        LiteralPath = 'Dataset folders taken as written (brackets and asterisks are part of the name); bound from Get-ChildItem''s items by their PSPath.'
        OutFile     = 'The HTML file to write (replaced if it exists). By default report.html in a local dataset''s folder, or in the current folder for a remote dataset. With -OutFile, give one dataset.'
        SampleCount = 'How many thumbnails of stored images to show, 0 to 500 (default 60); the grid also stops at 3 MB of thumbnails.'
        Show        = 'Opens the report in the default browser once written (the desktop''s handler of .html files); a warning, not an error, when there is none.'
    }
    Inputs      = @{ 'System.String' = 'Dataset folders, by the property name OutputFolder (an Invoke-Img2Dataset summary) or PSPath (Get-ChildItem''s folders).' }
    Outputs     = @{ 'System.IO.FileInfo' = 'The report file written.' }
    Examples    = @(
        @{
            Title   = 'Look at a dataset'
            Code    = 'Export-DatasetReport ./dataset -Show'
            Remarks = 'Writes ./dataset/report.html and opens it.'
        }
        @{
            Title   = 'A report of a remote dataset, for a CI artifact'
            Code    = 'Export-DatasetReport az://datasets/run1 -OutFile $env:BUILD_ARTIFACTSTAGINGDIRECTORY/report.html -SampleCount 120'
            Remarks = 'Reads the published shards of the container''s prefix and writes the page where the pipeline publishes artifacts from.'
        }
    )
}
