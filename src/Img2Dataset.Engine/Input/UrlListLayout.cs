namespace Img2Dataset.Engine.Input;

/// <summary>
/// What every row of one read shares: the shard layout and which optional columns exist. Writers need it to know
/// when a shard is complete and which metadata columns a shard has, even when its first rows lack a caption; the
/// fetcher needs <see cref="HasExpectedHash"/> to know whether a row's missing hash is a mismatch or was never read
/// (a txt list's rows, which the reference does not verify).
/// </summary>
public sealed record UrlListLayout(int SamplesPerShard, int ShardCountDigits, bool HasCaption, IReadOnlyList<string> AdditionalColumns, bool HasExpectedHash = false)
{
    public static UrlListLayout Default { get; } = new(10000, 5, false, []);

    public ShardKeys Keys { get; } = new(SamplesPerShard, ShardCountDigits);

    public override string ToString() => $"{SamplesPerShard} rows per shard, {ShardCountDigits} shard digits";
}
