namespace Img2Dataset.Engine.Maintenance;

/// <summary>A stored sample whose origin did not answer a consent re-check: kept unless -RemoveUnreachable, and reported.</summary>
public sealed record UnreachableSample(string Shard, string Key, string Url, string Error)
{
    public override string ToString() => $"{Key} ({Url}): {Error}";
}
