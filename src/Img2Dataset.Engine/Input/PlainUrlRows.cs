namespace Img2Dataset.Engine.Input;

/// <summary>Turns bare URL strings into rows numbered in arrival order, with the default shard layout.</summary>
public sealed class PlainUrlRows(int samplesPerShard = 10000, int shardCountDigits = 5)
{
    private readonly UrlListLayout layout = new(samplesPerShard, shardCountDigits, false, []);
    private long next;

    public UrlRow Next(string url)
    {
        var sequence = next++;
        var shard = (int)(sequence / samplesPerShard);
        var index = (int)(sequence % samplesPerShard);
        return new UrlRow
        {
            Key = layout.Keys.Key(shard, index),
            Layout = layout,
            ShardId = shard,
            Index = index,
            Url = url.Trim(),
            SourceFile = "(pipeline)",
            SourceLine = sequence + 1,
        };
    }
}
