namespace Img2Dataset.Engine.Reporting;

/// <summary>A sample chosen for the report's grid, from its metadata row.</summary>
public sealed record ChosenSample(string Shard, string Key, string? Caption);
