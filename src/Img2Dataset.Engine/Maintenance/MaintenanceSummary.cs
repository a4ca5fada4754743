namespace Img2Dataset.Engine.Maintenance;

/// <summary>
/// What one Remove-DatasetSample or Update-DatasetConsent run did to a dataset: the shards it looked at and rewrote,
/// the samples removed (by signal) and marked, re-checked and unreachable, the data bytes freed, and how long it took.
/// </summary>
public sealed record MaintenanceSummary
{
    public required string Path { get; init; }
    public required string Operation { get; init; }
    public int Pass { get; init; }
    public bool WhatIf { get; init; }
    public int ShardsChecked { get; init; }
    public int ShardsRewritten { get; init; }
    public int SamplesRemoved { get; init; }
    public int SamplesMarked { get; init; }
    public int SamplesRechecked { get; init; }
    public IReadOnlyDictionary<string, int> RemovedBySignal { get; init; } = new Dictionary<string, int>();
    public IReadOnlyList<UnreachableSample> Unreachable { get; init; } = [];
    public long BytesFreed { get; init; }
    public TimeSpan Duration { get; init; }

    public override string ToString() => FormattableString.Invariant(
        $"{Operation} of {Path}: {SamplesRemoved:N0} removed, {SamplesMarked:N0} marked in {ShardsRewritten:N0} of {ShardsChecked:N0} shards{(WhatIf ? " (what if)" : "")}");
}
