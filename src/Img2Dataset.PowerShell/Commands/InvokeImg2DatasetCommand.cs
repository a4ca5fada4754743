using System.Management.Automation;
using System.Threading.Channels;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Jobs;
using Img2Dataset.Engine.Storage;
using Img2Dataset.Engine.Output;
using Img2Dataset.Engine.Reporting;
using Img2Dataset.PowerShell.Bridging;
using Img2Dataset.PowerShell.Parameters;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>Invoke-Img2Dataset: the whole img2dataset job in one call, run by the engine without per-row pipeline cost.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "Img2Dataset", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Job)]
[OutputType(typeof(JobSummary))]
public sealed class InvokeImg2DatasetCommand : DownloadCommandBase, IDynamicParameters
{
    private ImageParameters Image { get; } = new();
    private UrlListParameters Input { get; } = new();
    private readonly DynamicParameterGroups dynamicParameters;

    public InvokeImg2DatasetCommand() => dynamicParameters = new DynamicParameterGroups(Input, Image);

    [Parameter(Position = 0)]
    [Alias("url_list")]
    [SupportsWildcards]
    public string[] UrlList { get; set; } = [];

    /// <summary>URL list files taken as written (no wildcards).</summary>
    [Parameter]
    [Alias("PSPath", "LP")]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>
    /// Pipeline input: files (from Get-ChildItem) are URL lists; any other object is a row, its properties named as
    /// -UrlColumn, -CaptionColumn and -SaveAdditionalColumns say (Import-Csv's objects), a string a bare URL, a UrlRow
    /// (Import-UrlList's) the row its list described.
    /// </summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    [Parameter(Position = 1)]
    [Alias("output_folder")]
    [ValidateNotNullOrEmpty]
    public string OutputFolder { get; set; } = "images";

    /// <summary>This worker's index among -WorkerCount; read from Azure Pipelines or a Kubernetes Indexed Job when not given.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int WorkerIndex { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int WorkerCount { get; set; } = 1;

    /// <summary>An S3-compatible endpoint for s3:// locations, over AWS_ENDPOINT_URL_S3.</summary>
    [Parameter]
    public Uri? S3Endpoint { get; set; }

    /// <summary>Seconds a remote output may fail every upload before the run gives up with an error.</summary>
    [Parameter]
    [Alias("store_timeout")]
    [ValidateRange(1, 86400)]
    public int StoreTimeout { get; set; } = 60;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConfigFile { get; set; }

    [Parameter]
    [Alias("save_additional_columns")]
    public string[] SaveAdditionalColumns { get; set; } = [];

    [Parameter]
    [Alias("verify_hash")]
    [ValidateCount(2, 2)]
    public string[]? VerifyHash { get; set; }

    [Parameter]
    [Alias("output_format")]
    [ValidateSet("files", "webdataset", "parquet", "tfrecord", "dummy")]
    public string OutputFormat { get; set; } = "files";

    [Parameter]
    [Alias("processes_count")]
    [ValidateRange(1, 256)]
    public int ProcessesCount { get; set; } = 1;

    /// <summary>
    /// Images decoded, resized and encoded at once. Fewer than the logical CPUs leaves CPUs to the downloads and to other
    /// work; on logical CPUs that share cores (ProcessorTopology) it trades images per second for CPU time per image.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int TransformThrottleLimit { get; set; } = Environment.ProcessorCount;

    [Parameter]
    [Alias("incremental_mode")]
    [ValidateSet("incremental", "overwrite", "extend")]
    public string IncrementalMode { get; set; } = "incremental";

    [Parameter]
    [Alias("max_shard_retry")]
    [ValidateRange(0, 100)]
    public int MaxShardRetry { get; set; } = 1;

    /// <summary>
    /// Only in-process: pyspark and ray are refused with the way to spread a dataset over machines here, one run per
    /// machine with -WorkerIndex/-WorkerCount (README "Coming from img2dataset").
    /// </summary>
    [Parameter]
    [ValidateDistributor]
    public string Distributor { get; set; } = ValidateDistributorAttribute.InProcess;

    [Parameter]
    [Alias("subjob_size")]
    [ValidateRange(1, int.MaxValue)]
    public int SubjobSize { get; set; } = 1000;

    /// <summary>
    /// Writes exactly the reference's metadata columns: no opt_out column; the consent evidence follows the
    /// error_message instead. For readers that check the schema or mix these shards with the reference's.
    /// </summary>
    [Parameter]
    [Alias("reference_schema")]
    public SwitchParameter ReferenceSchema { get; set; }

    /// <summary>
    /// Writes the dataset's HTML report (as Export-DatasetReport does) when the run ends: report.html in a local output
    /// folder, in the current folder for a remote one; a CI run's summary names it.
    /// </summary>
    [Parameter]
    public SwitchParameter Report { get; set; }

    /// <summary>With -IncrementalMode overwrite, delete everything in the output folder, not only the dataset's shards and stats.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>
    /// The share of failed rows a run may have; above it, the run ends with a FailureRateExceeded error once its
    /// summary is written. Without it, only a run in which every row failed is an error; 1 never is.
    /// </summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double MaximumFailureRate { get; set; } = 1.0;

    /// <summary>URL list files that came down the pipeline (Get-ChildItem's items).</summary>
    private readonly List<string> pipedFiles = [];

    /// <summary>The share of -MaximumFailureRate from which a run's failure rate is worth a warning.</summary>
    private const double NearBreach = 0.8;

    public object GetDynamicParameters() => dynamicParameters.Dictionary;

    /// <summary>Ctrl+C (or SIGINT): the pipeline is stopping, so no stream takes this line any more; the host shows it directly.</summary>
    protected override void StopProcessing()
    {
        base.StopProcessing();
        Host.UI.WriteWarningLine($"Stopping: the shards already complete in {StorageLocation.Redact(OutputFolder)} are kept. " +
            "Run the same command again to resume: complete shards are skipped, the others are written again with the same keys.");
    }

    private JsonLinesSpool? spool;
    private const string PipedCaptionColumn = "caption";
    private bool pipedRowsHaveCaptions;
    private bool spooledUrlRows;
    private readonly List<string> pipedRowColumns = [];

    protected override void ProcessRecord()
    {
        switch (InputObject?.BaseObject)
        {
            case null:
                return;
            case FileSystemInfo item:
                pipedFiles.Add(item.FullName);
                return;
            case string url:
                Spool([KeyValuePair.Create(Input.UrlColumn, (object?)url)]);
                return;
            case UrlRow row:
                SpoolRow(row);
                return;
            default:
                Spool(InputObject.Properties.Select(p => KeyValuePair.Create(p.Name, (object?)p.Value)));
                return;
        }
    }

    /// <summary>
    /// A row of Import-UrlList (or Test-RobotsDirective) as the list it came from said it: its URL, its caption and
    /// its additional columns, which the job then keeps without -CaptionColumn or -SaveAdditionalColumns being given
    /// again, and the refusal of an audit upstream (<see cref="PipedVerdict"/>), so a refused row is never requested.
    /// </summary>
    private void SpoolRow(UrlRow row)
    {
        var columns = new List<KeyValuePair<string, object?>> { KeyValuePair.Create(Input.UrlColumn, (object?)row.Url) };
        if (row.Layout.HasCaption)
        {
            columns.Add(KeyValuePair.Create(Input.CaptionColumn ?? PipedCaptionColumn, (object?)row.Caption));
            pipedRowsHaveCaptions = true;
        }
        foreach (var (name, value) in row.AdditionalColumns)
        {
            columns.Add(KeyValuePair.Create(name, value));
            if (!pipedRowColumns.Contains(name))
            {
                pipedRowColumns.Add(name);
            }
        }
        columns.Add(KeyValuePair.Create(PipedVerdict.Column, (object?)PipedVerdict.ToJson(row)));
        columns.Add(KeyValuePair.Create(PipedPosition.Column, (object?)PipedPosition.Of(row)));
        spooledUrlRows = true;
        Spool(columns);
    }

    /// <summary>
    /// The spool, closed and put in its rows' order: piped UrlRows keep the shard and key of the list they came from
    /// (<see cref="PipedRowOrder"/>), or, when they cannot, are numbered as they arrived, with a warning.
    /// </summary>
    private string CompleteSpool(JsonLinesSpool rows, bool onlyList)
    {
        var path = rows.Complete();
        if (spooledUrlRows && !PipedRowOrder.Arrange(path, onlyList))
        {
            WriteWarning("The piped rows are numbered in the order they arrived, not by the keys of the list they came from: " +
                (onlyList
                    ? "other objects came among them, two of them had the same key, or every row of a shard between two others was left out."
                    : "the job reads other lists too."));
        }
        return path;
    }

    /// <summary>
    /// Rows from the pipeline go to OUT/.img2dataset/pipeline-input.jsonl as they come, read by the job like any list
    /// once the pipeline ends: memory stays flat, and the recorded config can resume the dataset from that file.
    /// </summary>
    private void Spool(IEnumerable<KeyValuePair<string, object?>> properties)
    {
        if (spool is null)
        {
            var state = StorageLocation.IsRemoteText(OutputFolder)
                ? Path.Combine(Path.GetTempPath(), "img2dataset-pipeline-" + Guid.NewGuid().ToString("N"))
                : OutputFolderLayout.StateFolder(GetUnresolvedProviderPathFromPSPath(OutputFolder));
            Directory.CreateDirectory(state);
            spool = new JsonLinesSpool(Path.Combine(state, JsonLinesSpool.PipelineFileName));
        }
        spool.Add(properties);
    }

    protected override void DisposeResources()
    {
        spool?.Dispose();
        base.DisposeResources();
    }

    protected override void EndProcessing()
    {
        var options = this.Configure(BuildOptions, "InvalidJobOption");
        if (!Approved(options))
        {
            return;
        }
        var events = Channel.CreateUnbounded<object>();
        var job = new Img2DatasetJob(options)
        {
            Log = message => events.Writer.TryWrite(message),
            Verbose = message => events.Writer.TryWrite(new VerboseRecord(message)),
            Debug = message => events.Writer.TryWrite(new DebugRecord(message)),
            Warning = message => events.Writer.TryWrite(new WarningRecord(message)),
        };
        var view = new JobProgressView(this);
        var running = Task.Run(() => job.RunAsync(p => events.Writer.TryWrite(p), Cancellation));
        JobProgress? last = null;
        while (!running.IsCompleted)
        {
            Task.WaitAny([running, events.Reader.WaitToReadAsync().AsTask()], TimeSpan.FromSeconds(1));
            last = Drain(events.Reader, view) ?? last;
        }
        last = Drain(events.Reader, view) ?? last;
        view.Complete();
        var summary = Finish(running, view, last);
        if (Report)
        {
            summary = WithReport(summary, options.OutputFolder);
        }
        Announce(summary);
        WriteObject(summary);
        // Errors after the summary, not terminating ones: `$s = Invoke-Img2Dataset …` still holds the summary and $?
        // is false; under -ErrorAction Stop (CI's default for pwsh steps) they stop the script.
        if (summary.ShardsFailed.Count > 0)
        {
            var message = $"{summary.ShardsFailed.Count} shards of {summary.OutputFolder} could not be written after {MaxShardRetry + 1} tries ({string.Join(", ", summary.ShardsFailed.Take(20))}{(summary.ShardsFailed.Count > 20 ? ", …" : "")}); run the same command again to write them.";
            CiService.Current?.Error(this, message);
            WriteError(new ErrorRecord(new IOException(message), "ShardsNotWritten", ErrorCategory.WriteError, summary));
        }
        if (FailureRateBreach(summary) is { } breach)
        {
            CiService.Current?.Error(this, breach);
            WriteError(new ErrorRecord(new InvalidOperationException(breach), "FailureRateExceeded", ErrorCategory.LimitsExceeded, summary));
        }
    }

    /// <summary>Why the run's failure rate fails it, or null: above -MaximumFailureRate when given, else only when every row failed.</summary>
    private string? FailureRateBreach(JobSummary summary)
    {
        var failureRate = 1 - summary.SuccessRate;
        var failed = summary.Count - summary.Successes;
        if (summary.Count == 0)
        {
            return null;
        }
        if (!MyInvocation.BoundParameters.ContainsKey(nameof(MaximumFailureRate)))
        {
            return failed < summary.Count ? null : FormattableString.Invariant(
                $"All {summary.Count:N0} rows failed; -MaximumFailureRate sets the share of failures a run may have (1: never an error).");
        }
        return failureRate <= MaximumFailureRate ? null : FormattableString.Invariant(
            $"{failed:N0} of {summary.Count:N0} rows failed ({Presentation.Rate(failureRate)}), above -MaximumFailureRate {Presentation.Rate(MaximumFailureRate)}.");
    }

    /// <summary>Failed shards and a run that did nothing as warnings (and CI annotations), and the run's summary on a CI run page.</summary>
    private void Announce(JobSummary summary)
    {
        var warnings = summary.ShardsFailed.Select(id => $"Shard {id} of {summary.OutputFolder} failed to be written; run the same command again to retry it.").ToList();
        var failureRate = 1 - summary.SuccessRate;
        if (summary.Count > 0 && MaximumFailureRate < 1 && failureRate >= NearBreach * MaximumFailureRate && failureRate <= MaximumFailureRate)
        {
            warnings.Add($"{Presentation.Rate(failureRate)} of the rows failed, near -MaximumFailureRate {Presentation.Rate(MaximumFailureRate)}.");
        }
        if (summary.Count == 0 && summary.ShardsSkipped > 0)
        {
            warnings.Add($"Every shard of {summary.OutputFolder} was already complete: nothing was downloaded. -IncrementalMode overwrite starts again.");
        }
        foreach (var warning in warnings)
        {
            WriteWarning(warning);
            CiService.Current?.Warning(this, warning);
        }
        CiService.Current?.Summary(this, RunSummaryMarkdown.For(summary),
            StorageLocation.IsRemoteText(summary.OutputFolder) ? Path.GetTempPath() : OutputFolderLayout.StateFolder(summary.OutputFolder));
    }

    /// <summary>The dataset's report written (its path in the summary); a report that cannot be written is a warning, the run stands.</summary>
    private JobSummary WithReport(JobSummary summary, string location)
    {
        var outFile = DatasetReport.DefaultPath(location, SessionState.Path.CurrentFileSystemLocation.ProviderPath);
        try
        {
            if (StorageLocation.IsRemoteText(location))
            {
                DatasetReport.WriteAsync(ObjectStores.Open(location, S3Endpoint), StorageLocation.Redact(location), outFile, DatasetReport.DefaultSampleCount,
                    CancellationToken.None).GetAwaiter().GetResult();
            }
            else
            {
                DatasetReport.Write(location, location, outFile, DatasetReport.DefaultSampleCount);
            }
            return summary with { ReportPath = outFile };
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or StorageAccessException)
        {
            WriteWarning($"The run's report could not be written: {e.Message}");
            return summary;
        }
    }

    /// <summary>
    /// Overwriting a folder that holds anything asks first (ConfirmImpact High: -Confirm:$false for scripts); -WhatIf
    /// tells what any run would do and does nothing. Other runs only add shards, and ask nothing.
    /// </summary>
    private bool Approved(JobOptions options)
    {
        var folder = StorageLocation.Redact(options.OutputFolder);
        if (options.IncrementalMode == Engine.Jobs.IncrementalMode.Overwrite && StorageLocation.IsRemoteText(folder))
        {
            return ShouldProcess(folder, $"Delete the shards of {options.Worker} in the location, then write them anew");
        }
        if (options.IncrementalMode == Engine.Jobs.IncrementalMode.Overwrite && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            return ShouldProcess(folder, Force
                ? "Delete everything in the folder, then write a new dataset"
                : "Delete the dataset's shards and stats (other files stay), then write a new dataset");
        }
        return !MyInvocation.BoundParameters.ContainsKey("WhatIf") || ShouldProcess(folder, "Write a dataset");
    }

    private JobOptions BuildOptions()
    {
        dynamicParameters.Apply();
        if (ConfigFile is not null)
        {
            var path = GetUnresolvedProviderPathFromPSPath(ConfigFile);
            var fromFile = ConfigFileBinder.Bind(path, MyInvocation.BoundParameters, this, Input, Image);
            if (ConfigFileBinder.RelativeBase(path) is { } relativeBase)
            {
                UrlList = fromFile.Contains(nameof(UrlList)) ? UrlList.Select(p => ConfigFileBinder.Rebase(relativeBase, p, escape: true)).ToArray() : UrlList;
                OutputFolder = fromFile.Contains(nameof(OutputFolder)) ? ConfigFileBinder.Rebase(relativeBase, OutputFolder, escape: false) : OutputFolder;
            }
            WriteVerbose($"Options read from {path}; parameters given on the command line win.");
        }
        if (UrlList.Length == 0 && LiteralPath.Length == 0 && pipedFiles.Count == 0 && spool is null)
        {
            throw new ArgumentException("UrlList is required: give it as a parameter, as url_list in the config file, or pipe files in.", nameof(UrlList));
        }
        var computeHash = ImageHash.Parse(ComputeHash);
        if (VerifyHash is [_, var hashType] && ImageHash.Parse(hashType) != computeHash)
        {
            throw new ArgumentException($"verify_hash and compute_hash must be the same but got {hashType} and {ComputeHash}", nameof(VerifyHash));
        }
        // A missing list stays a terminating error here, unlike Import-UrlList: skipping it would shift the shard
        // ids, so the keys, of every list after it, and a resumed run would no longer match its dataset.
        var lists = UrlList.SelectMany(p => UrlListPaths.Resolve(this, p)).Concat(LiteralPath.Select(GetUnresolvedProviderPathFromPSPath)).Concat(pipedFiles).ToArray();
        return new JobOptions
        {
            UrlList = lists.Concat(spool is null ? [] : [CompleteSpool(spool, onlyList: lists.Length == 0)]).ToArray(),
            OutputFolder = StorageLocation.IsRemoteText(OutputFolder) ? OutputFolder : GetUnresolvedProviderPathFromPSPath(OutputFolder),
            Worker = WorkerSlice.Resolve(MyInvocation.BoundParameters.ContainsKey(nameof(WorkerIndex)) ? WorkerIndex : null,
                MyInvocation.BoundParameters.ContainsKey(nameof(WorkerCount)) ? WorkerCount : null, Environment.GetEnvironmentVariable),
            S3Endpoint = S3Endpoint,
            StoreTimeout = TimeSpan.FromSeconds(StoreTimeout),
            Input = Input.Options with
            {
                HashColumn = VerifyHash?[0],
                CaptionColumn = Input.CaptionColumn ?? (pipedRowsHaveCaptions ? PipedCaptionColumn : null),
                AdditionalColumns = SaveAdditionalColumns.Length > 0 || pipedRowColumns.Count == 0 ? SaveAdditionalColumns : pipedRowColumns,
            },
            Download = new DownloadOptions
            {
                Fetch = DownloadFetchOptions,
                OptOut = OptOutPolicy,
                ComputeHash = computeHash,
                VerifyHash = VerifyHash is not null,
            },
            Image = Image.Options,
            OutputFormat = Enum.Parse<OutputFormat>(OutputFormat, ignoreCase: true),
            MetadataSchema = ReferenceSchema ? MetadataSchema.Reference : MetadataSchema.Extended,
            ProcessesCount = ProcessesCount,
            TransformWorkers = TransformThrottleLimit,
            IncrementalMode = Enum.Parse<IncrementalMode>(IncrementalMode, ignoreCase: true),
            OverwriteEverything = Force,
            MaxShardRetry = MaxShardRetry,
        };
    }

    private JobProgress? Drain(ChannelReader<object> events, JobProgressView view)
    {
        JobProgress? last = null;
        while (events.TryRead(out var item))
        {
            if (item is JobProgress progress)
            {
                view.Show(progress);
                last = progress;
            }
            else if (item is VerboseRecord verbose)
            {
                WriteVerbose(verbose.Message);
            }
            else if (item is DebugRecord debug)
            {
                WriteDebug(debug.Message);
            }
            else if (item is WarningRecord warning)
            {
                WriteWarning(warning.Message);
                CiService.Current?.Warning(this, warning.Message);
            }
            else
            {
                WriteInformation(new InformationRecord(item, "Invoke-Img2Dataset"), ["Img2Dataset"]);
            }
        }
        return last;
    }

    private JobSummary Finish(Task<JobSummary> running, JobProgressView view, JobProgress? last)
    {
        try
        {
            // The job validates its options before it creates anything: those errors surface here.
            var summary = this.Configure(() => running.GetAwaiter().GetResult(), "InvalidJobOption");
            if (last is not null)
            {
                view.StatusLine(last);
            }
            return summary;
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (UrlListException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
            throw;
        }
        catch (OutputFolderLockedException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "OutputFolderInUse", ErrorCategory.ResourceBusy, e.Folder));
            throw;
        }
        catch (StorageAccessException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "RemoteLocationUnavailable", ErrorCategory.PermissionDenied, e.Location));
            throw;
        }
    }
}
