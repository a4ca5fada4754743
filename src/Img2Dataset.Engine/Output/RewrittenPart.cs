namespace Img2Dataset.Engine.Output;

/// <summary>One file (or folder) of a rewritten shard, written under its attempt's partial name: where it is published and what its commit states.</summary>
internal sealed record RewrittenPart(string FinalPath, bool IsFolder, CommittedObject Committed);
