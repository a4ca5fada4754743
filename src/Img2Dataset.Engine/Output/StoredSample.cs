namespace Img2Dataset.Engine.Output;

/// <summary>A sample read back from a dataset of any format.</summary>
public sealed record StoredSample
{
    public required string Key { get; init; }
    public required string Shard { get; init; }
    public string? Caption { get; init; }
    /// <summary>The image bytes; null for rows that failed (parquet metadata keeps them).</summary>
    public byte[]? Image { get; init; }
    /// <summary>jpg, png or webp.</summary>
    public string? ImageFormat { get; init; }
    public string? Status { get; init; }
    public IReadOnlyDictionary<string, object?> Metadata { get; init; } = new Dictionary<string, object?>();

    public override string ToString() => $"{Key} in shard {Shard}: {Status ?? "stored"}{(Image is null ? "" : $", {ImageFormat} image of {Image.Length} bytes")}";
}
