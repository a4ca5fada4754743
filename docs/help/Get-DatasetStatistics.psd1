@{
    Synopsis    = 'Sums the shard statistics (NAME_stats.json) of a dataset folder.'
    Description = @'
Get-DatasetStatistics reads every complete shard's _stats.json and returns the totals: Shards, Count, Successes,
FailedToDownload, FailedToResize, Duration (summed shard durations), SuccessRate and StatusDict (message to count,
most frequent first), so the reasons images are missing are easy to see.
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
            Code    = '(Get-DatasetStatistics ./dataset).StatusDict'
            Remarks = 'Lists each error message with how many rows it cost.'
        }
    )
}
