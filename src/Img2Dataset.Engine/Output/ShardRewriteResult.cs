namespace Img2Dataset.Engine.Output;

/// <summary>What rewriting one shard did: the samples removed and marked, and its data bytes before and after.</summary>
public sealed record ShardRewriteResult(string Shard, int Removed, int Marked, long BytesBefore, long BytesAfter)
{
    public bool Rewritten => Removed + Marked > 0;

    public static ShardRewriteResult Unchanged(string shard, long bytes) => new(shard, 0, 0, bytes, bytes);
}
