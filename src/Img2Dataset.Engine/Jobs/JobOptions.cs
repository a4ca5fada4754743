using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.Engine.Jobs;

/// <summary>Every option of an img2dataset job.</summary>
public sealed record JobOptions
{
    public required IReadOnlyList<string> UrlList { get; init; }
    public required string OutputFolder { get; init; }
    public UrlListOptions Input { get; init; } = new();
    public DownloadOptions Download { get; init; } = new();
    public ImageTransformOptions Image { get; init; } = new();
    public OutputFormat OutputFormat { get; init; } = OutputFormat.Files;
    public MetadataSchema MetadataSchema { get; init; }
    /// <summary>Shards in flight at once (img2dataset's processes_count).</summary>
    public int ProcessesCount { get; init; } = 1;
    public IncrementalMode IncrementalMode { get; init; } = IncrementalMode.Incremental;
    /// <summary>With Overwrite, delete everything in the output folder, not only the dataset's shards and stats.</summary>
    public bool OverwriteEverything { get; init; }
    /// <summary>Extra passes over shards whose writing failed.</summary>
    public int MaxShardRetry { get; init; } = 1;
    /// <summary>Images transformed at once; the logical CPUs by default.</summary>
    public int TransformWorkers { get; init; } = Environment.ProcessorCount;
    /// <summary>Which share of the shards this process writes, when many workers build one dataset.</summary>
    public WorkerSlice Worker { get; init; } = WorkerSlice.Single;
    /// <summary>An S3-compatible endpoint for s3:// locations, over AWS_ENDPOINT_URL_S3.</summary>
    public Uri? S3Endpoint { get; init; }
    /// <summary>How long a remote output may fail every upload before the run gives up with an error.</summary>
    public TimeSpan StoreTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Checks every option before anything is created or started.</summary>
    public void Validate()
    {
        if (UrlList.Count == 0)
        {
            throw new ArgumentException("UrlList needs at least one file or folder.", nameof(UrlList));
        }
        if (string.IsNullOrWhiteSpace(OutputFolder))
        {
            throw new ArgumentException("OutputFolder must not be empty.", nameof(OutputFolder));
        }
        Input.Validate();
        Download.Validate();
        Image.Validate();
        if (StoreTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StoreTimeout), StoreTimeout, "StoreTimeout must be positive.");
        }
        if (ProcessesCount < 1 || MaxShardRetry < 0 || TransformWorkers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ProcessesCount), "ProcessesCount and TransformWorkers must be at least 1, MaxShardRetry at least 0.");
        }
        if (Worker.Count > 1 && IncrementalMode == IncrementalMode.Extend)
        {
            throw new ArgumentException("Extend numbers new shards after the last existing one, which several workers cannot agree on: run it with one worker.", nameof(IncrementalMode));
        }
        if (Worker.Count > 1 && IncrementalMode == IncrementalMode.Overwrite && !Storage.StorageLocation.IsRemoteText(OutputFolder))
        {
            throw new ArgumentException("Overwrite by several workers into one local folder would delete each other's shards: empty the folder first, or run incremental.", nameof(IncrementalMode));
        }
        if (Download.VerifyHash && Input.HashColumn is null)
        {
            throw new ArgumentException("Verifying hashes needs the column of expected hashes (verify_hash's first element).", nameof(Input.HashColumn));
        }
    }
}
