namespace Img2Dataset.Engine.Input;

/// <summary>
/// What every row of one read shares: the shard layout and which optional columns exist. Writers need it to know
/// when a shard is complete and which metadata columns a shard has, even when its first rows lack a caption.
/// </summary>
public sealed record UrlListLayout(int SamplesPerShard, int ShardCountDigits, bool HasCaption, IReadOnlyList<string> AdditionalColumns)
{
    public static UrlListLayout Default { get; } = new(10000, 5, false, []);

    public ShardKeys Keys { get; } = new(SamplesPerShard, ShardCountDigits);

    public override string ToString() => $"{SamplesPerShard} rows per shard, {ShardCountDigits} shard digits";
}
