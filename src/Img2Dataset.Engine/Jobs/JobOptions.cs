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
    /// <summary>Shards in flight at once (img2dataset's processes_count).</summary>
    public int ProcessesCount { get; init; } = 1;
    public IncrementalMode IncrementalMode { get; init; } = IncrementalMode.Incremental;
    /// <summary>With Overwrite, delete everything in the output folder, not only the dataset's shards and stats.</summary>
    public bool OverwriteEverything { get; init; }
    /// <summary>Extra passes over shards whose writing failed.</summary>
    public int MaxShardRetry { get; init; } = 1;
    /// <summary>Images transformed at once; the cores by default.</summary>
    public int TransformWorkers { get; init; } = Environment.ProcessorCount;

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
        if (ProcessesCount < 1 || MaxShardRetry < 0 || TransformWorkers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ProcessesCount), "ProcessesCount and TransformWorkers must be at least 1, MaxShardRetry at least 0.");
        }
        if (Download.VerifyHash && Input.HashColumn is null)
        {
            throw new ArgumentException("Verifying hashes needs the column of expected hashes (verify_hash's first element).", nameof(Input.HashColumn));
        }
    }
}
