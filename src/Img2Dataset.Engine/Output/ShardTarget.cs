namespace Img2Dataset.Engine.Output;

/// <summary>A shard about to be written: callers decide whether an existing one may be replaced.</summary>
public sealed record ShardTarget(int ShardId, string Name, string Path, bool Exists);
