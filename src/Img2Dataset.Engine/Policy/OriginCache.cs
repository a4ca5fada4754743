using System.Collections.Concurrent;

namespace Img2Dataset.Engine.Policy;

/// <summary>
/// One site-wide file per origin, fetched once however many requests wait for it, and held for the run, but for at
/// most <c>capacity</c> origins (<see cref="DefaultCapacity"/> unless told): a list of billions of URLs over millions of hosts must not keep every host's
/// file. Past the cap, the oldest half is dropped; an origin seen again after that costs one more request.
/// </summary>
public sealed class OriginCache<T>(Func<string, Task<T>> fetch, int capacity = OriginCache<T>.DefaultCapacity)
{
    public const int DefaultCapacity = 20_000;
    private readonly ConcurrentDictionary<string, Entry> byOrigin = new(StringComparer.OrdinalIgnoreCase);
    private long added;

    /// <summary>The file of <paramref name="url"/>'s origin (scheme, host and port).</summary>
    public Task<T> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        var origin = url.GetLeftPart(UriPartial.Authority);
        if (byOrigin.TryGetValue(origin, out var known))
        {
            return known.File.Value.WaitAsync(cancellationToken);
        }
        var entry = byOrigin.GetOrAdd(origin, o => new Entry(new Lazy<Task<T>>(() => fetch(o)), Interlocked.Increment(ref added)));
        if (byOrigin.Count > capacity)
        {
            Trim();
        }
        return entry.File.Value.WaitAsync(cancellationToken);
    }

    private void Trim()
    {
        foreach (var oldest in byOrigin.OrderBy(e => e.Value.Order).Take(byOrigin.Count - capacity / 2).Select(e => e.Key).ToList())
        {
            byOrigin.TryRemove(oldest, out _);
        }
    }

    private sealed record Entry(Lazy<Task<T>> File, long Order);
}
