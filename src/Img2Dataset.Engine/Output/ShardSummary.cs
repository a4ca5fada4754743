namespace Img2Dataset.Engine.Output;

/// <summary>What writing one shard produced.</summary>
public sealed record ShardSummary(int ShardId, string Name, string Path, OutputFormat Format, int Count, int Successes,
    int FailedToDownload, int FailedToResize, long Bytes)
{
    public double SuccessRate => Count == 0 ? 0 : (double)Successes / Count;

    /// <summary>Another writer of the same shard committed it first: its shard stands, this writer's files were removed.</summary>
    public bool WrittenByAnother { get; init; }

    public override string ToString() => $"Shard {Name} ({Format}): {Successes} of {Count} rows succeeded, {Path}";
}
