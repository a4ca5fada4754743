@{
    Synopsis    = 'Sums the shard statistics (NAME_stats.json) of a dataset folder.'
    Description = @'
Get-DatasetStatistics reads every complete shard's _stats.json and returns the totals: Shards, Count, Successes,
FailedToDownload, FailedToResize, Duration (summed shard durations), SuccessRate and StatusDict (message to count,
most frequent first), so the reasons images are missing are easy to see.
'@
    Parameters  = @{
        Path = 'The dataset folder.'
    }
    Inputs      = @{ 'System.String' = 'Dataset folders, also by the property names FullName or OutputFolder.' }
    Outputs     = @{ 'Img2Dataset.Engine.Output.DatasetStatistics' = 'The totals of the folder.' }
    Examples    = @(
        @{
            Title   = 'Why did images fail?'
            Code    = '(Get-DatasetStatistics ./dataset).StatusDict'
            Remarks = 'Lists each error message with how many rows it cost.'
        }
    )
}
