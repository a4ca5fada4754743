@{
    Include     = '_StorageParameters'
    Synopsis    = 'Takes samples out of a built dataset (takedowns): by URL, key or stored hash, from takedown lists or the pipeline, in every output format, each shard rewritten atomically.'
    Description = @'
Remove-DatasetSample removes samples from a dataset after it was built, as a takedown asks: those named by -Url (as
stored), -Key, -Sha256 (the dataset's hash column: sha256, md5 or sha512, without regard to case), -TakedownList
(files in any format Import-UrlList reads: the url column, and the hash column named by -TakedownHashColumn), or piped
rows with those properties (Get-DatasetMetadata ./ds | Where-Object … | Remove-DatasetSample ./ds).

Every output format is handled: WebDataset tars, parquet with the images, TFRecord, folders of files, and each shard's
metadata parquet and stats. A shard holding any of the samples is rewritten as one attempt (its files copied without
them under partial names and flushed to the disk, then the new stats file, which is the shard's commit, put in place
in one rename, then the files moved in); a crash at any moment leaves either the old shard or the new one, and the
next run of any cmdlet that writes the dataset finishes or discards what was left. Shards with nothing to remove are
not touched, and the other samples' bytes are copied as they were.

A removed sample's metadata row stays, with status "removed", the reason as its error_message ("takedown
(takedowns.csv, line 12)") and its opt_out evidence with the time ({"signal":"Takedown","matched":["line 12"],
"source":"takedowns.csv","removed_at":"…"}), so the dataset says what left and why; -Purge drops the row too. The
dataset's history (.img2dataset/maintenance.json, shown by Get-DatasetStatistics) records each run.

-WhatIf lists, shard by shard, the samples each would lose, and changes nothing. A remote dataset (az://, a blob URL,
s3://) is rewritten shard by shard through a local staging folder and published as the job publishes: the data under
an attempt's names first, the stats after, then the copies. A local dataset is locked against jobs while it is
rewritten. Memory is bounded: the lists are held as 128-bit digests (about 40 bytes per entry) and one shard is read
at a time.
'@
    Parameters  = @{
        Path               = 'The dataset: a folder, or a remote location (az://container/prefix, https://<account>.blob.core.windows.net/container/prefix, s3://bucket/prefix).'
        Url                = 'URLs to remove, as the dataset stores them. Bound from the url property of piped rows.'
        Key                = 'Sample keys to remove (as 000010003). Bound from the key property of piped rows.'
        Sha256             = 'Also -Hash. Stored hashes to remove, compared with the dataset''s hash column (sha256, md5 or sha512) without regard to case. Bound from the sha256 property of piped rows.'
        TakedownList       = 'Takedown lists in any format Import-UrlList reads (txt, csv, tsv, json, jsonl, parquet, gzipped too); wildcards expand. A row with neither a url nor a hash is skipped with a warning naming its file and line.'
        TakedownUrlColumn  = 'The takedown lists'' URL column (default url).'
        TakedownHashColumn = 'The takedown lists'' column of stored hashes, matched against the dataset''s hash column.'
        TakedownFormat     = 'The takedown lists'' format, when their extension does not say it.'
        Purge              = 'Drop the removed samples'' metadata rows too (and their counts from the stats), for lists that must not keep the URL.'
    }
    Inputs      = @{ 'System.Management.Automation.PSObject' = 'Rows with url, key or sha256 properties, such as Get-DatasetMetadata''s.' }
    Outputs     = @{ 'Img2Dataset.Engine.Maintenance.MaintenanceSummary' = 'Samples removed (by signal), shards checked and rewritten, bytes freed, duration.' }
    Examples    = @(
        @{
            Title   = 'Honour a takedown list'
            Code    = 'Remove-DatasetSample ./dataset -TakedownList ./takedowns.csv -WhatIf; Remove-DatasetSample ./dataset -TakedownList ./takedowns.csv'
            Remarks = 'Shows per shard what would be removed, then removes it; every removed row keeps the list and line it came from.'
        }
        @{
            Title   = 'Remove by a filter on the metadata'
            Code    = 'Get-DatasetMetadata ./dataset | Where-Object url -like ''https://example.com/*'' | Remove-DatasetSample ./dataset -Purge'
            Remarks = 'Takes every sample of one site out, rows and all.'
        }
    )
}
