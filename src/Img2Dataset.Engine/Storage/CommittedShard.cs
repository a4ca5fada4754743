using Img2Dataset.Engine.Output;

namespace Img2Dataset.Engine.Storage;

/// <summary>
/// A shard's stats object as found in a location: its parsed stats (null when it could not be read), and whether
/// the objects its commit names are listed as it states (a stats object without a commit, from another tool, is
/// taken at its word).
/// </summary>
public sealed record CommittedShard(string Name, int ShardId, ShardStatistics? Stats, string? Mismatch)
{
    public bool Verified => Stats is not null && Mismatch is null;
}
