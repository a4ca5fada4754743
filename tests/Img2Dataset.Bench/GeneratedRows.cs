using Img2Dataset.Engine.Input;

namespace Img2Dataset.Bench;

/// <summary>The i-th row of a generated URL list, in the shard and at the place the layout gives it.</summary>
internal static class GeneratedRows
{
    public static UrlRow At(UrlListLayout layout, int i, string url, string? caption = null) => new()
    {
        Key = layout.Keys.Key(i / layout.SamplesPerShard, i % layout.SamplesPerShard),
        ShardId = i / layout.SamplesPerShard,
        Index = i % layout.SamplesPerShard,
        Url = url,
        Caption = caption,
        SourceFile = "generated",
        SourceLine = i + 1,
        Layout = layout,
    };
}
