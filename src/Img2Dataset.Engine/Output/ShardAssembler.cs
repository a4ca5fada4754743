using Img2Dataset.Engine.Imaging;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// Routes samples arriving in any order to their shard's writer. A shard is completed as soon as it holds
/// SamplesPerShard rows (every full shard has exactly that many), the rest when the input ends, so only shards still
/// receiving rows are open. Disposing it discards every shard not completed: nothing half-written looks finished.
/// </summary>
public sealed class ShardAssembler(string outputFolder, OutputFormat format, Func<ShardTarget, bool>? approve = null) : IDisposable
{
    private readonly Dictionary<int, ShardWriter?> open = [];

    /// <summary>Adds a sample; returns the summary of its shard when this sample completed it.</summary>
    public ShardSummary? Add(DatasetSample sample)
    {
        var row = sample.Download.Row;
        if (!open.TryGetValue(row.ShardId, out var writer))
        {
            writer = Approve(row.ShardId, sample) ? new ShardWriter(outputFolder, format, row.ShardId, sample) : null;
            open[row.ShardId] = writer;
        }
        if (writer is null)
        {
            return null;
        }
        writer.Add(sample);
        return writer.Count >= row.Layout.SamplesPerShard ? Complete(row.ShardId, writer) : null;
    }

    /// <summary>Completes every shard still open (the last, short ones), in shard order.</summary>
    public IReadOnlyList<ShardSummary> CompleteAll() =>
        open.Where(o => o.Value is not null).OrderBy(o => o.Key).ToList().Select(o => Complete(o.Key, o.Value!)).ToList();

    public void Dispose()
    {
        foreach (var writer in open.Values)
        {
            writer?.Dispose();
        }
        open.Clear();
    }

    private bool Approve(int shardId, DatasetSample first)
    {
        var name = first.Download.Row.Layout.Keys.ShardName(shardId);
        return approve?.Invoke(new ShardTarget(shardId, name, ShardPaths.Main(outputFolder, name, format), ShardPaths.IsComplete(outputFolder, name))) ?? true;
    }

    private ShardSummary Complete(int shardId, ShardWriter writer)
    {
        var summary = writer.Complete();
        writer.Dispose();
        open[shardId] = null;
        return summary;
    }
}
