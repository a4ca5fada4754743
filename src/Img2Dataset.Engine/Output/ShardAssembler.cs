using Img2Dataset.Engine.Imaging;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// Routes samples arriving in any order to their shard's writer. A shard is completed as soon as it holds
/// SamplesPerShard rows (every full shard has exactly that many), the rest when the input ends, so only shards still
/// receiving rows are open. Disposing it discards every shard not completed: nothing half-written looks finished.
/// </summary>
public sealed class ShardAssembler(string outputFolder, OutputFormat format, Func<ShardTarget, bool>? approve = null,
    MetadataSchema schema = MetadataSchema.Extended) : IDisposable
{
    private readonly Dictionary<int, ShardWriter?> open = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, int> expectedCounts = new();

    /// <summary>
    /// Tells how many rows a shard will get when that is fewer than SamplesPerShard (a file's last shard), so it can
    /// be completed on its last row instead of at the end of all input. Safe to call from the thread feeding rows, as
    /// long as it is called before that shard's last row is fed.
    /// </summary>
    public void ExpectCount(int shardId, int count) => expectedCounts[shardId] = count;

    /// <summary>Discards a shard that failed (its partial files are removed); later samples of it are ignored.</summary>
    public void Discard(int shardId)
    {
        if (open.TryGetValue(shardId, out var writer))
        {
            writer?.Dispose();
        }
        open[shardId] = null;
    }

    /// <summary>Adds a sample; returns the summary of its shard when this sample completed it.</summary>
    public ShardSummary? Add(DatasetSample sample)
    {
        sample = sample.Schema == schema ? sample : sample with { Schema = schema };
        var row = sample.Download.Row;
        if (!open.TryGetValue(row.ShardId, out var writer))
        {
            var target = Target(row.ShardId, sample);
            writer = approve?.Invoke(target) ?? true ? new ShardWriter(outputFolder, format, row.ShardId, sample, replace: target.Exists) : null;
            open[row.ShardId] = writer;
        }
        if (writer is null)
        {
            return null;
        }
        writer.Add(sample);
        var expected = expectedCounts.TryGetValue(row.ShardId, out var count) ? count : row.Layout.SamplesPerShard;
        return writer.Count >= expected ? Complete(row.ShardId, writer) : null;
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

    private ShardTarget Target(int shardId, DatasetSample first)
    {
        var name = first.Download.Row.Layout.Keys.ShardName(shardId);
        return new ShardTarget(shardId, name, ShardPaths.Main(outputFolder, name, format), ShardPaths.IsComplete(outputFolder, name));
    }

    private ShardSummary Complete(int shardId, ShardWriter writer)
    {
        var summary = writer.Complete();
        writer.Dispose();
        open[shardId] = null;
        return summary;
    }
}
