namespace Img2Dataset.Engine.Output;

/// <summary>What a rewrite does to one stored sample.</summary>
public enum SampleEditKind
{
    /// <summary>Its image and sidecars leave the shard; its metadata row stays with status "removed" (or goes, purged).</summary>
    Remove,
    /// <summary>Its image stays; the new evidence is recorded in its metadata (<c>opt_out</c>).</summary>
    Mark,
}
