@{
    Include     = '_StorageParameters'
    Synopsis    = 'Sums the shard statistics (NAME_stats.json) of a dataset folder.'
    Description = @'
Get-DatasetStatistics reads every complete shard's _stats.json and returns the totals: Path, Shards, Count, Successes,
FailedToDownload, FailedToResize, Duration (summed shard durations, a TimeSpan like a job summary's), SuccessRate,
StatusDict (message to count, most frequent first, as the reference's status_dict) and Statuses (the same as
Status/Count rows), so the reasons images are missing are easy to see.
'@
    Parameters  = @{
        Path        = 'Dataset folders; wildcards expand. One that does not exist is a non-terminating PathNotFound error and the others are still read.'
        LiteralPath = 'Dataset folders taken as written (brackets and asterisks are part of the name); bound from Get-ChildItem''s items by their PSPath.'
    }
    Inputs      = @{ 'System.String' = 'Dataset folders, by the property name OutputFolder (an Invoke-Img2Dataset summary) or PSPath (Get-ChildItem''s folders).' }
    Outputs     = @{ 'Img2Dataset.Engine.Output.DatasetStatistics' = 'The totals of the folder.' }
    Examples    = @(
        @{
            Title   = 'Why did images fail?'
            Code    = '(Get-DatasetStatistics ./dataset).Statuses | Format-Table'
            Remarks = 'Lists each status (success, or a failure''s message) with how many rows it has.'
        }
    )
}
