namespace Img2Dataset.Engine.Output;

/// <summary>A metadata row a rewrite changed: its status and message before, and what was done to it, for the shard's counts.</summary>
internal sealed record RowChange(string Status, string? ErrorMessage, SampleEdit Edit, bool Purged);
