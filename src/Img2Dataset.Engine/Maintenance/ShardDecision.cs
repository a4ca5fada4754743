using Img2Dataset.Engine.Output;

namespace Img2Dataset.Engine.Maintenance;

/// <summary>What a maintenance operation decided for one shard: the edits by key, the samples it re-checked, those it could not reach.</summary>
public sealed record ShardDecision(IReadOnlyDictionary<string, SampleEdit> Edits, int Rechecked, IReadOnlyList<UnreachableSample> Unreachable)
{
    public static ShardDecision Of(IEnumerable<SampleEdit> edits) => new(edits.ToDictionary(e => e.Key, StringComparer.Ordinal), 0, []);
}
