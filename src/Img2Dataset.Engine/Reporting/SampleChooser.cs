using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Img2Dataset.Engine.Reporting;

/// <summary>
/// Chooses up to N samples spread across a whole dataset, the same ones on every run: those whose key hashes lowest
/// (SHA-256 of the key, which datasets make unique), kept in a bounded heap while the rows stream by.
/// </summary>
public sealed class SampleChooser(int count)
{
    private readonly PriorityQueue<ChosenSample, ulong> highestFirst = new(Comparer<ulong>.Create((a, b) => b.CompareTo(a)));

    public void Offer(string shard, string key, string? caption)
    {
        if (count == 0)
        {
            return;
        }
        var rank = Rank(key);
        if (highestFirst.Count < count)
        {
            highestFirst.Enqueue(new ChosenSample(shard, key, caption), rank);
        }
        else if (highestFirst.TryPeek(out _, out var highest) && rank < highest)
        {
            highestFirst.DequeueEnqueue(new ChosenSample(shard, key, caption), rank);
        }
    }

    /// <summary>The samples of <paramref name="shard"/> chosen so far; a later shard may displace them, none of it can join.</summary>
    public IReadOnlyList<ChosenSample> ChosenIn(string shard) =>
        highestFirst.UnorderedItems.Select(i => i.Element).Where(s => s.Shard == shard).ToList();

    /// <summary>The chosen samples, in shard then key order (the order a reader meets them in the shards).</summary>
    public IReadOnlyList<ChosenSample> Chosen() =>
        highestFirst.UnorderedItems.Select(i => i.Element)
            .OrderBy(s => s.Shard, StringComparer.Ordinal).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();

    private static ulong Rank(string key)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
