@{
    Include     = @('_NetworkParameters', '_ImageParameters', '_UrlListParameters', '_StorageParameters')
    Synopsis    = 'Runs a whole img2dataset job in one call: URL lists in, a sharded dataset out, resumable, with every img2dataset option.'
    Description = @'
Invoke-Img2Dataset is the one-command equivalent of "img2dataset --url_list ... --output_folder ...". It reads the URL
lists, downloads (honouring creators' opt-outs), filters, resizes and re-encodes, and writes shards, entirely inside the
engine: no per-row PowerShell pipeline cost. Every stage is a bounded queue, so memory depends on -ThrottleLimit and the
number of cores, never on the size of the input.

Every img2dataset option is a parameter with the same default, under a PascalCase name with the snake_case name as an
alias (-thread_count, -resize_mode, ...), except -ThrottleLimit (-thread_count): 64 rather than 256, because one process here uses one
shared asynchronous HTTP client rather than 256 blocking threads per process, and 64 already saturates this machine.

Resumable: a shard is complete when its NAME_stats.json exists (written last, after every file of the shard was moved
into place). With -IncrementalMode incremental (the default) complete shards are skipped, so stopping (Ctrl+C) or
killing a job and running the same command again completes the dataset with no duplicate or missing key.
-IncrementalMode overwrite deletes the dataset's shards and stats first (other files stay; -Force deletes everything),
and asks before it does (ConfirmImpact High: give -Confirm:$false in scripts); -WhatIf tells what a run would do and
does nothing. Extend numbers new shards after the highest existing one.

-ConfigFile takes a JSON object of options under img2dataset's names (or the parameter names); parameters given on the
command line win. The effective configuration of every run is saved as OUT/.img2dataset/config.json (out of the way of
the reference tool, which reads every top-level *.json as a shard's stats), with incremental_mode "incremental": given
as -ConfigFile it resumes the dataset, whichever mode made it. Paths inside the dataset are recorded relative to it
(the output folder as "."), so the config of a copied dataset resumes the copy; in any other config file relative
paths are relative to the current location. OUT/.img2dataset/ also holds the lock that keeps a second job out of the
folder while one runs.

Progress: Write-Progress (done/total, success ratio, images/s), the reference's status line every 5 s on the
information stream ("total   - success: 0.899 - failed to download: 0.096 - failed to resize: 0.005 - images per
sec: 173 - count: 1000000"; see it with -InformationAction Continue), and ##vso[task.setprogress] lines under Azure
DevOps (TF_BUILD set). The result is a summary: Count, Successes, FailedToDownload, FailedToResize, ImagesPerSecond,
Duration, ShardsWritten, ShardsSkipped, ShardsFailed, TopErrors and Worker (which share of the dataset, and the CI
variable it came from). Progress shows the time left and the current shard; after Ctrl+C the job says how to resume.

Failures reach scripts and CI: a run with more failed rows than -MaximumFailureRate (without it, a run in which every
row failed) writes its summary, then the error FailureRateExceeded. It is not terminating, so $s = Invoke-Img2Dataset
still holds the summary and $? is false; under -ErrorAction Stop or $ErrorActionPreference = 'Stop' (CI's pwsh steps)
it stops the script and pwsh exits 1. Each shard that could not be written is a warning, and so is a run that skipped
every shard. In Azure Pipelines (TF_BUILD=True) warnings and the failure are also ##vso[task.logissue] annotations and
the run's Markdown summary is uploaded with ##vso[task.uploadsummary]; in GitHub Actions (GITHUB_ACTIONS=true) they are
::warning:: and ::error:: annotations and the summary is added to $GITHUB_STEP_SUMMARY.

Bad options (png with quality 95, an unknown resize mode, verify_hash not matching compute_hash, a missing column or
input file) are refused before anything is created.
'@
    Parameters  = @{
        UrlList               = 'URL list files, wildcards or folders (every input file inside, in name order), in any format Import-UrlList reads; or remote lists: az://container/path, https://<account>.blob.core.windows.net/container/path (with or without a SAS), s3://bucket/path, each an object, a prefix (every object under it) or a wildcard in the last segment. Remote lists are copied to a temporary folder, streamed, before the job reads them.'
        LiteralPath           = 'URL list files taken as written (no wildcards). Unlike Import-UrlList, a missing list is a terminating error: skipping it would shift the keys of the lists after it.'
        InputObject           = 'Pipeline input. Files from Get-ChildItem are URL lists (Get-ChildItem *.csv | Invoke-Img2Dataset -OutputFolder ds); any other object is a row whose properties -UrlColumn, -CaptionColumn and -SaveAdditionalColumns name (Import-Csv urls.csv | Where-Object ... | Invoke-Img2Dataset ...), a string is a URL, and a row of Import-UrlList or Test-RobotsDirective keeps its caption and additional columns without naming them again, and its key and shard in whatever order it arrives (put back in key order once the pipeline ends; numbered in arrival order, with a warning, when two rows have one key, other objects come among them, a whole shard between two others is missing, or other lists are read too); a row an audit refused is never requested: its refusal and evidence are kept in the spool, so a resumed run honours them too. Rows are written to OUT/.img2dataset/pipeline-input.jsonl as they come and read from there once the pipeline ends, so memory stays flat and the recorded config resumes the dataset.'
        OutputFolder          = 'The dataset folder (default images), or a remote location: az://container/prefix (the account from AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT), https://<account>.blob.core.windows.net/container/prefix (with or without a SAS), or s3://bucket/prefix. Azure credentials are tried in this order: a SAS in the URL, AZURE_STORAGE_CONNECTION_STRING, then DefaultAzureCredential (environment, workload or managed identity, Azure CLI or Azure PowerShell login). Each shard is written in a local staging folder, then uploaded, its data first and its _stats.json last; access (read and write) is checked before any work.'
        WorkerIndex           = 'This worker''s index (0 to -WorkerCount - 1) when several processes build one dataset: it writes the shards s with s mod WorkerCount = WorkerIndex, reading the same list and skipping the other rows. Read from SYSTEM_JOBPOSITIONINPHASE - 1 in an Azure Pipelines parallel job, or JOB_COMPLETION_INDEX in a Kubernetes Indexed Job, when not given; given values win.'
        StoreTimeout          = 'Seconds a remote output (az://, s3://) may fail every upload before the run gives up with the terminating error RemoteLocationUnavailable (default 60), instead of retrying shard after shard for minutes.'
        WorkerCount           = 'How many workers build the dataset (default 1). Read from SYSTEM_TOTALJOBSINPHASE in an Azure Pipelines parallel job; give it with a Kubernetes Indexed Job (its completions). Keys and shard ids are those of a one-worker run.'
        ConfigFile            = 'A JSON file of options under img2dataset''s names (url_list, image_size, ...) or the parameter names. Options given as parameters win; null values keep the defaults.'
        SaveAdditionalColumns = 'Input columns copied into every sample''s metadata.'
        VerifyHash            = 'Two values, the column of expected hashes and the hash type (which must equal -ComputeHash): rows whose bytes differ fail with "hash mismatch".'
        ComputeHash           = 'none, md5, sha256 (default) or sha512 of the downloaded bytes, stored in a column of that name.'
        OutputFormat          = 'files (default), webdataset, parquet, tfrecord or dummy (statistics only, for benchmarks).'
        ProcessesCount        = 'Shards in flight at once (default 1, as img2dataset''s processes_count). 2 keeps the pipeline full across shard boundaries.'
        TransformThrottleLimit = 'Images decoded, resized and encoded at once (default: the number of logical CPUs). Fewer leaves CPUs to the downloads and to other work on a shared agent. Where two logical CPUs share one physical core (Hyper-Threading; -Verbose names the topology), pixel work on both makes more images per second than on one but costs more CPU time per image; -TransformThrottleLimit set to the physical cores spends less CPU per image for fewer images per second.'
        IncrementalMode       = 'incremental (default: skip complete shards), overwrite (delete the dataset''s shards and stats first, after asking) or extend (new shards after the highest existing one).'
        ReferenceSchema       = 'Write exactly the reference''s metadata columns (no opt_out column), for readers that check the schema or mix these shards with the reference''s. The consent evidence then follows the row''s error_message as "MESSAGE; opt_out: {JSON}" ("opt_out: {JSON}" alone for a kept sample), and Remove-DatasetSample and Update-DatasetConsent keep that schema.'
        Report                = 'Writes the dataset''s HTML report when the run ends, as Export-DatasetReport does with its defaults: report.html in a local output folder, or in the current folder for a remote one. The summary''s ReportPath names it, and a CI run''s summary (Azure Pipelines, GitHub Actions) links it. A report that cannot be written is a warning; the run stands.'
        Force                 = 'With -IncrementalMode overwrite, delete everything in the output folder, not only the dataset''s shards and stats.'
        MaximumFailureRate    = 'The share of rows (0 to 1) that may fail; above it the run writes the error FailureRateExceeded after its summary, so $? is false (and, under -ErrorAction Stop, the script stops and pwsh exits 1). Without it, only a run in which every row failed is an error; 1 never fails a run.'
        MaxShardRetry         = 'Extra passes over shards that failed to be written (default 1).'
        Distributor           = 'Only multiprocessing, the in-process engine; pyspark and ray have no PowerShell counterpart.'
        SubjobSize            = 'Accepted for compatibility with img2dataset''s pyspark distributor; it has no effect here.'
    }
    Inputs      = @{
        'System.IO.FileInfo' = 'URL list files from Get-ChildItem.'
        'System.Management.Automation.PSObject' = 'Rows, such as Import-Csv''s objects, named by -UrlColumn and -CaptionColumn; strings are URLs.'
        'Img2Dataset.Engine.Input.UrlRow' = 'Rows of Import-UrlList or Test-RobotsDirective, with their captions and additional columns.'
    }
    Outputs     = @{ 'Img2Dataset.Engine.Jobs.JobSummary' = 'OutputFolder, Count, Successes, FailedToDownload, FailedToResize, SuccessRate, ImagesPerSecond, Duration, ShardsWritten, ShardsSkipped, ShardsFailed, TopErrors.' }
    Examples    = @(
        @{
            Title   = 'A WebDataset of 256x256 images with captions'
            Code    = 'Invoke-Img2Dataset -UrlList ./laion.parquet -InputFormat parquet -UrlColumn URL -CaptionColumn TEXT -OutputFormat webdataset -OutputFolder ./laion-256 -ImageSize 256 -ResizeMode border -InformationAction Continue'
            Remarks = 'Writes ./laion-256/00000.tar, 00000.parquet, 00000_stats.json, ... and prints the status line every 5 seconds.'
        }
        @{
            Title   = 'The same job with img2dataset''s option names'
            Code    = 'Invoke-Img2Dataset -url_list urls.txt -output_folder out -thread_count 128 -image_size 512 -resize_mode center_crop -encode_format webp -encode_quality 90'
            Remarks = 'Every img2dataset option answers to its snake_case name.'
        }
        @{
            Title   = 'Re-run a job from its saved configuration'
            Code    = 'Invoke-Img2Dataset -ConfigFile ./out/.img2dataset/config.json'
            Remarks = 'Completes the dataset where a previous run stopped: complete shards are skipped.'
        }
        @{
            Title   = 'Start a dataset again in a script'
            Code    = 'Invoke-Img2Dataset -UrlList urls.txt -OutputFolder out -IncrementalMode overwrite -Confirm:$false'
            Remarks = 'Deletes out''s shards and stats without asking, keeps any other file, and writes the dataset anew.'
        }
    )
}
