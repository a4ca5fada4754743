using System.Diagnostics;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.Engine.Maintenance;

/// <summary>
/// One maintenance operation over a dataset's shards, shard by shard, so a caller can confirm each (ShouldProcess):
/// <see cref="PlanAsync"/> reads a shard and decides its edits, <see cref="ApplyAsync"/> rewrites it and records it in
/// the dataset's history (<see cref="MaintenanceHistory"/>) at once, so a run stopped anywhere resumes where it was:
/// a consent pass left unfinished is continued by the next, which skips the shards it has done. A dry run (-WhatIf)
/// plans every shard and writes nothing, not even the history.
/// </summary>
public sealed class MaintenanceRun
{
    private readonly DatasetRewriteSession session;
    private readonly List<MaintenanceRecord> history;
    private readonly MaintenanceRecord record;
    private readonly bool dryRun;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly List<UnreachableSample> unreachable = [];
    private int shardsChecked;
    private int shardsRewritten;
    private int removed;
    private int marked;
    private int rechecked;
    private long bytesFreed;
    private readonly Dictionary<string, int> removedBySignal = [];

    private MaintenanceRun(DatasetRewriteSession session, List<MaintenanceRecord> history, MaintenanceRecord record, bool dryRun)
    {
        this.session = session;
        this.history = history;
        this.record = record;
        this.dryRun = dryRun;
    }

    /// <summary>The shards still to do, in order.</summary>
    public IReadOnlyList<string> PendingShards => session.Shards.Where(s => !record.ShardsDone.Contains(s)).ToList();

    /// <summary>Whether this run continues a pass a stopped run left unfinished.</summary>
    public bool Resumed { get; private init; }

    public int Pass => record.Pass;

    /// <param name="session">The dataset.</param>
    /// <param name="operation"><see cref="MaintenanceRecord.Takedown"/> or <see cref="MaintenanceRecord.Consent"/>.</param>
    /// <param name="dryRun">Plan only, writing nothing.</param>
    /// <param name="cancellationToken">Stops reading the history.</param>
    public static async Task<MaintenanceRun> StartAsync(DatasetRewriteSession session, string operation, bool dryRun, CancellationToken cancellationToken)
    {
        var history = MaintenanceHistory.Parse(await session.ReadStateAsync(MaintenanceHistory.FileName, cancellationToken), $"{session.Location} history");
        // A consent pass is resumable: the shards it re-checked stand. A takedown is simply run again.
        var unfinished = operation == MaintenanceRecord.Consent ? history.LastOrDefault(r => r.Operation == operation && r.Finished is null) : null;
        var record = unfinished ?? new MaintenanceRecord
        {
            Operation = operation,
            Pass = history.Count(r => r.Operation == operation) + 1,
            Started = DateTimeOffset.UtcNow,
        };
        if (unfinished is null && !dryRun)
        {
            history.Add(record);
            await session.WriteStateAsync(MaintenanceHistory.FileName, MaintenanceHistory.ToJson(history), cancellationToken);
        }
        return new MaintenanceRun(session, history, record, dryRun) { Resumed = unfinished is not null };
    }

    /// <summary>Reads a shard's metadata and decides its edits.</summary>
    public async Task<ShardPlan> PlanAsync(string shard, Func<IReadOnlyList<Dictionary<string, object?>>, CancellationToken, Task<ShardDecision>> decide,
        CancellationToken cancellationToken)
    {
        var rows = await session.ReadAsync(shard, cancellationToken);
        var decision = await decide(rows, cancellationToken);
        shardsChecked++;
        rechecked += decision.Rechecked;
        unreachable.AddRange(decision.Unreachable);
        return new ShardPlan(shard, decision);
    }

    /// <summary>Rewrites the shard as planned (when there is anything to do, and not in a dry run) and records it as done.</summary>
    public async Task<ShardRewriteResult> ApplyAsync(ShardPlan plan, bool purge, CancellationToken cancellationToken)
    {
        var result = await session.RewriteAsync(plan.Shard, dryRun ? new Dictionary<string, SampleEdit>() : plan.Decision.Edits, purge, cancellationToken);
        if (dryRun)
        {
            return result;
        }
        if (result.Rewritten)
        {
            shardsRewritten++;
            removed += result.Removed;
            marked += result.Marked;
            bytesFreed += result.BytesBefore - result.BytesAfter;
            foreach (var edit in plan.Decision.Edits.Values.Where(e => e.Kind == SampleEditKind.Remove))
            {
                removedBySignal[edit.Signal] = removedBySignal.GetValueOrDefault(edit.Signal) + 1;
                record.RemovedBySignal[edit.Signal] = record.RemovedBySignal.GetValueOrDefault(edit.Signal) + 1;
            }
        }
        record.Removed += result.Removed;
        record.Marked += result.Marked;
        record.Rechecked += plan.Decision.Rechecked;
        record.Unreachable += plan.Decision.Unreachable.Count;
        record.ShardsDone.Add(plan.Shard);
        await SaveAsync(cancellationToken);
        return result;
    }

    /// <summary>Leaves a shard as it is (the user declined, or it is a dry run), without recording it as done.</summary>
    public async Task SkipAsync(ShardPlan plan, CancellationToken cancellationToken) =>
        await session.RewriteAsync(plan.Shard, new Dictionary<string, SampleEdit>(), purge: false, cancellationToken);

    /// <summary>Records the operation as finished and says what it did.</summary>
    public async Task<MaintenanceSummary> FinishAsync(CancellationToken cancellationToken)
    {
        if (!dryRun)
        {
            record.Finished = DateTimeOffset.UtcNow;
            await SaveAsync(cancellationToken);
        }
        return new MaintenanceSummary
        {
            Path = session.Location,
            Operation = record.Operation,
            Pass = record.Pass,
            WhatIf = dryRun,
            ShardsChecked = shardsChecked,
            ShardsRewritten = shardsRewritten,
            SamplesRemoved = removed,
            SamplesMarked = marked,
            SamplesRechecked = rechecked,
            RemovedBySignal = removedBySignal,
            Unreachable = unreachable,
            BytesFreed = bytesFreed,
            Duration = clock.Elapsed,
        };
    }

    private Task SaveAsync(CancellationToken cancellationToken) =>
        session.WriteStateAsync(MaintenanceHistory.FileName, MaintenanceHistory.ToJson(history), cancellationToken);
}
