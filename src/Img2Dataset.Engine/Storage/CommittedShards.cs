using Img2Dataset.Engine.Output;

namespace Img2Dataset.Engine.Storage;

/// <summary>The shards of a location as their stats objects commit them, checked against one listing of it.</summary>
public static class CommittedShards
{
    private const int ReadsAtOnce = 16;

    /// <summary>Every shard with a stats object in <paramref name="listing"/> (those <paramref name="owns"/> accepts), by shard name.</summary>
    public static async Task<IReadOnlyDictionary<string, CommittedShard>> ReadAsync(IObjectStore store, IReadOnlyList<StoredObject> listing,
        CancellationToken cancellationToken, Func<int, bool>? owns = null)
    {
        var byName = listing.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var stats = listing.Select(o => (o.Name, Parsed: ShardObjects.Parse(o.Name)))
            .Where(o => o.Parsed is { IsStats: true } p && (owns?.Invoke(p.ShardId) ?? true))
            .ToList();
        var shards = new System.Collections.Concurrent.ConcurrentDictionary<string, CommittedShard>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(stats, new ParallelOptions { MaxDegreeOfParallelism = ReadsAtOnce, CancellationToken = cancellationToken }, async (o, token) =>
        {
            var name = o.Name[..^ShardObjects.StatsSuffix.Length];
            var parsed = await ParseAsync(store, o.Name, token);
            var mismatch = parsed is null ? "its stats cannot be read" : parsed.Commit?.Mismatch(byName);
            shards[name] = new CommittedShard(name, o.Parsed!.Value.ShardId, parsed, mismatch);
        });
        return shards;
    }

    public static async Task<byte[]> ReadAllAsync(IObjectStore store, string name, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(name, cancellationToken);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }

    private static async Task<ShardStatistics?> ParseAsync(IObjectStore store, string name, CancellationToken cancellationToken)
    {
        try
        {
            return ShardStatistics.Parse(await ReadAllAsync(store, name, cancellationToken), store.Location.Describe(name));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not JSON, cut short, gone since the listing, or (on stores that do not replace objects atomically, as
            // some emulators) read while another writer overwrote it: such a stats object commits nothing.
            return null;
        }
    }
}
