@{
    Include     = '_StorageParameters'
    Synopsis    = 'Sums the shard statistics (NAME_stats.json) of a dataset, local or remote, and names its missing shards.'
    Description = @'
Get-DatasetStatistics reads every complete shard's _stats.json and returns the totals: Path, Shards, Count, Successes,
FailedToDownload, FailedToResize, Duration (summed shard durations, a TimeSpan like a job summary's), SuccessRate,
StatusDict (message to count, most frequent first, as the reference's status_dict) and Statuses (the same as
Status/Count rows), so the reasons images are missing are easy to see.

When the job recorded its plan (.img2dataset/plan.json: the shards its input makes, written by every worker as soon
as it has counted the input), it also returns PlannedShards, MissingShards (planned shards without stats),
IncompleteShards (shards with data but no stats: a write or upload that did not finish) and IsComplete: the final
step of a job split across workers. A remote dataset (az://, a blob URL, s3://) is read in place: only its stats
objects and plan are downloaded.
'@
    Parameters  = @{
        Path        = 'Dataset folders, or remote locations (az://container/prefix, https://<account>.blob.core.windows.net/container/prefix, s3://bucket/prefix); wildcards expand in local paths. One that does not exist is a non-terminating PathNotFound error (RemoteLocationUnavailable for a remote one) and the others are still read.'
        LiteralPath = 'Dataset folders taken as written (brackets and asterisks are part of the name); bound from Get-ChildItem''s items by their PSPath.'
    }
    Inputs      = @{ 'System.String' = 'Dataset folders, by the property name OutputFolder (an Invoke-Img2Dataset summary) or PSPath (Get-ChildItem''s folders).' }
    Outputs     = @{ 'Img2Dataset.Engine.Output.DatasetStatistics' = 'The totals of the folder.' }
    Examples    = @(
        @{
            Title   = 'Did every worker finish?'
            Code    = '$s = Get-DatasetStatistics az://datasets/run1; if (-not $s.IsComplete) { throw "missing shards: $($s.MissingShards -join '', '')" }'
            Remarks = 'After the parallel jobs of a pipeline: fails the pipeline while a worker''s shards are missing; re-running that worker alone completes them.'
        }
        @{
            Title   = 'Why did images fail?'
            Code    = '(Get-DatasetStatistics ./dataset).Statuses | Format-Table'
            Remarks = 'Lists each status (success, or a failure''s message) with how many rows it has.'
        }
    )
}
