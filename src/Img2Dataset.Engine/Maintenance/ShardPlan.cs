namespace Img2Dataset.Engine.Maintenance;

/// <summary>One shard's decision, before it is applied: what a -WhatIf shows and a confirmation asks about.</summary>
public sealed record ShardPlan(string Shard, ShardDecision Decision)
{
    public int Removals => Decision.Edits.Values.Count(e => e.Kind == Output.SampleEditKind.Remove);

    public int Marks => Decision.Edits.Count - Removals;

    /// <summary>"remove 3 samples (000010003, 000010017, …)", for ShouldProcess.</summary>
    public string Describe(bool purge)
    {
        var keys = Decision.Edits.Keys.Order(StringComparer.Ordinal).ToList();
        var shown = string.Join(", ", keys.Take(5)) + (keys.Count > 5 ? ", …" : "");
        var what = Removals > 0 ? $"{(purge ? "purge" : "remove")} {Removals} sample{(Removals == 1 ? "" : "s")}" : "";
        var marks = Marks > 0 ? $"mark {Marks} sample{(Marks == 1 ? "" : "s")}" : "";
        return $"{string.Join(" and ", new[] { what, marks }.Where(t => t.Length > 0))} ({shown})";
    }
}
