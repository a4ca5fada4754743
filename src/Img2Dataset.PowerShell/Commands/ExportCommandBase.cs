using System.Management.Automation;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Output;
using Img2Dataset.Engine.Storage;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>
/// The Export-* cmdlets: samples from the pipeline go to their shard as they arrive; a shard is written out as soon
/// as it is complete and its summary emitted. Stopping the pipeline discards every shard not yet complete.
/// </summary>
public abstract class ExportCommandBase : PSCmdlet, IDisposable
{
    private ShardAssembler? assembler;
    private RemoteDatasetOutput? remote;
    private string? staging;
    private HashSet<int> remoteShards = [];
    private int shardsWritten;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> uploadFailures = new();

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object[] InputObject { get; set; } = [];

    [Parameter(Mandatory = true, Position = 0)]
    [Alias("output_folder")]
    [ValidateNotNullOrEmpty]
    public string OutputFolder { get; set; } = "";

    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Writes exactly the reference's metadata columns (no opt_out; the evidence follows the error_message).</summary>
    [Parameter]
    public SwitchParameter ReferenceSchema { get; set; }

    /// <summary>An S3-compatible endpoint for s3:// locations, over AWS_ENDPOINT_URL_S3.</summary>
    [Parameter]
    public Uri? S3Endpoint { get; set; }

    protected abstract OutputFormat Format { get; }

    private MetadataSchema Schema => ReferenceSchema ? MetadataSchema.Reference : MetadataSchema.Extended;

    protected override void BeginProcessing()
    {
        if (!StorageLocation.IsRemoteText(OutputFolder))
        {
            assembler = new ShardAssembler(GetUnresolvedProviderPathFromPSPath(OutputFolder), Format, Approve, Schema);
            return;
        }
        // A remote dataset is written shard by shard in a staging folder, each shard uploaded once complete.
        var store = ObjectStores.Open(OutputFolder, S3Endpoint);
        try
        {
            store.CheckAccessAsync(write: true, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (StorageAccessException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "RemoteLocationUnavailable", ErrorCategory.PermissionDenied, e.Location));
        }
        staging = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "img2dataset-export-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        remote = new RemoteDatasetOutput(store, staging, Engine.Jobs.WorkerSlice.Single);
        remoteShards = remote.CompleteShardsAsync(CancellationToken.None).GetAwaiter().GetResult();
        assembler = new ShardAssembler(staging, Format, target => Approve(target with
        {
            Exists = remoteShards.Contains(target.ShardId),
            Path = store.Location.Describe(System.IO.Path.GetFileName(target.Path)),
        }), Schema);
    }

    protected override void ProcessRecord()
    {
        foreach (var item in InputObject)
        {
            if (ToSample(item) is { } sample && assembler!.Add(sample) is { } summary)
            {
                WriteObject(Published(summary));
            }
        }
    }

    protected override void EndProcessing()
    {
        var summaries = assembler!.CompleteAll().Select(Published).ToList();
        remote?.DrainAsync().GetAwaiter().GetResult();
        while (uploadFailures.TryDequeue(out var failure))
        {
            WriteError(new ErrorRecord(new IOException(failure), "ShardUploadFailed", ErrorCategory.WriteError, StorageLocation.Redact(OutputFolder)));
        }
        WriteObject(summaries, enumerateCollection: true);
    }

    /// <summary>A completed shard; a remote one starts uploading, and its summary names where it goes.</summary>
    private ShardSummary Published(ShardSummary summary)
    {
        shardsWritten++;
        if (remote is not null)
        {
            remote.Publish(summary, uploadFailures.Enqueue, null, CancellationToken.None);
            summary = summary with { Path = remote.Store.Location.Describe(System.IO.Path.GetFileName(summary.Path)) };
        }
        WriteVerbose($"Shard {summary.Name} written to {summary.Path}: {summary.Successes} of {summary.Count} rows succeeded.");
        return summary;
    }

    /// <summary>
    /// Ctrl+C: the shards not complete are discarded (Dispose), so a person is told what is kept and how to go on.
    /// The pipeline is stopping, so the line goes to the host directly.
    /// </summary>
    protected override void StopProcessing() =>
        Host.UI.WriteWarningLine($"Stopped: {shardsWritten} complete shards written to {StorageLocation.Redact(OutputFolder)} are kept, the shards not yet complete are discarded. " +
            "Run the same pipeline again to write the rest: complete shards are left as they are (each reported as ShardExists; -Force rewrites them).");

    public void Dispose()
    {
        assembler?.Dispose();
        if (staging is not null && Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
        GC.SuppressFinalize(this);
    }

    private bool Approve(ShardTarget target)
    {
        if (target.Exists && !Force)
        {
            WriteError(new ErrorRecord(new IOException($"Shard {target.Name} already exists at {target.Path}; use -Force to replace it."),
                "ShardExists", ErrorCategory.ResourceExists, target.Path));
            return false;
        }
        return ShouldProcess(target.Path, target.Exists ? "Replace shard" : "Write shard");
    }

    private DatasetSample? ToSample(object item)
    {
        switch (item is PSObject wrapped ? wrapped.BaseObject : item)
        {
            case DatasetSample sample:
                return sample;
            case DownloadedImage download:
                return DatasetSample.Unprocessed(download, download.Bytes is { } bytes ? FormatSniffer.Detect(bytes) : EncodeFormat.Jpg);
            default:
                WriteError(new ErrorRecord(new ArgumentException($"Expected a DatasetSample or a DownloadedImage, got {item.GetType().FullName}."),
                    "InvalidInputObject", ErrorCategory.InvalidType, item));
                return null;
        }
    }
}
