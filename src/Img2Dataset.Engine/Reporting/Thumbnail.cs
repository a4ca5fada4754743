namespace Img2Dataset.Engine.Reporting;

/// <summary>A small JPEG of a stored sample, for the report's grid.</summary>
public sealed record Thumbnail(string Shard, string Key, string? Caption, byte[] Jpeg, int Width, int Height);
