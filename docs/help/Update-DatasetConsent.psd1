@{
    Include     = @('_NetworkParameters', '_StorageParameters')
    Synopsis    = 'Re-checks every stored image''s origin for its creator''s current opt-out signals without downloading it again, and removes (or marks) the samples now refused.'
    Description = @'
Update-DatasetConsent asks the origin of every stored image (rows of status success) what its creator wants now: the
headers of a HEAD request, or a one-byte ranged GET where HEAD is refused, on every redirect hop, and each site's
robots.txt (AI-crawler groups, Content-Usage, Content-Signal, and with -RespectRobotsTxt its Disallow rules) and
tdmrep.json, once per site. Every signal the download honours is honoured, with the same switches and the same
evidence. The signals embedded in an image (IPTC, C2PA) need the image itself (the stored one was re-encoded without
its metadata): with -InspectImage each image is downloaded whole, as a job downloads it, and they are re-read too.

Samples now refused are removed as Remove-DatasetSample removes them (the row stays with status "removed", the
opt-out's message and evidence with "removed_at"), or with -MarkOnly only marked: the image stays and its opt_out
(and the JSON sidecar's) gets the new evidence with "rechecked_at". Samples whose origin no longer answers (an HTTP
error, a network failure, a time-out) are reported (a warning, Verbose lines, and the summary's Unreachable) and kept,
unless -RemoveUnreachable.

It is as polite as the downloader: -ThrottleLimit requests at once, -MaxConnectionsPerHost per host, and a 429 or 503
asked again after its Retry-After when that fits -Timeout. Shards are re-checked one after another, each rewritten
atomically as soon as it is decided; a pass stopped half-way (Ctrl+C, a killed pipeline) is resumed by the next run,
which skips the shards already re-checked. Get-DatasetStatistics shows every pass in History: when, how many samples
were re-checked, removed by each signal, marked and unreachable.
'@
    Parameters  = @{
        Path              = 'The dataset: a folder, or a remote location (az://container/prefix, https://<account>.blob.core.windows.net/container/prefix, s3://bucket/prefix).'
        MarkOnly          = 'Keep the refused images and record the new evidence in their metadata (opt_out with "rechecked_at"), instead of removing them.'
        RemoveUnreachable = 'Also remove the samples whose origin did not answer (reason "unreachable on re-check: …", signal Unreachable).'
        Purge             = 'Drop the removed samples'' metadata rows too.'
        InspectImage      = 'Download each image whole, as a job does, so the signals embedded in it (IPTC Data Mining, C2PA and CAWG training-mining) are re-read as well. Costs each image''s bytes again.'
    }
    Inputs      = @{ 'None' = 'Nothing is read from the pipeline.' }
    Outputs     = @{ 'Img2Dataset.Engine.Maintenance.MaintenanceSummary' = 'Samples re-checked, removed (by signal), marked and unreachable; shards rewritten; bytes freed.' }
    Examples    = @(
        @{
            Title   = 'A weekly re-check'
            Code    = 'Update-DatasetConsent az://datasets/laion-subset -Verbose; (Get-DatasetStatistics az://datasets/laion-subset).History | Format-Table'
            Remarks = 'Removes what creators have since opted out of, and shows every pass so far.'
        }
        @{
            Title   = 'See first, then decide'
            Code    = 'Update-DatasetConsent ./dataset -MarkOnly; Get-DatasetMetadata ./dataset | Where-Object { $_.opt_out -like ''*rechecked_at*'' }'
            Remarks = 'Marks the refused samples without removing them, then lists them.'
        }
    )
}
