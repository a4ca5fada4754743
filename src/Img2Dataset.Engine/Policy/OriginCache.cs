using System.Collections.Concurrent;

namespace Img2Dataset.Engine.Policy;

/// <summary>
/// One site-wide file per origin (or one file per URL, keyed by it), fetched once however many requests wait for it,
/// and held for the run within a budget of bytes: a list of billions of URLs over millions of hosts must not keep
/// every host's file, and one large file costs more than thousands of small ones, so the bound is on what the files
/// hold, not on how many there are.
/// Past the budget, the oldest files are dropped until half of it is used (the file just fetched stays: its origin's
/// next images need it); an origin seen again after that costs one more request. A file still being fetched is
/// counted once it arrives.
/// </summary>
public sealed class OriginCache<T>(Func<string, Task<T>> fetch, Func<T, long> sizeOf, long byteBudget)
{
    /// <summary>What holding an origin costs besides its file: the dictionary entry, the origin, the lazy and its task.</summary>
    private const long EntryOverhead = 256;
    private readonly ConcurrentDictionary<string, Entry> byOrigin = new(StringComparer.OrdinalIgnoreCase);
    private readonly object accounting = new();
    private long added;
    private long bytes;

    /// <summary>The bytes the files held now take, by their own estimate.</summary>
    public long Bytes
    {
        get
        {
            lock (accounting)
            {
                return bytes;
            }
        }
    }

    public long ByteBudget => byteBudget;

    /// <summary>The file of <paramref name="url"/>'s origin (scheme, host and port).</summary>
    public Task<T> GetAsync(Uri url, CancellationToken cancellationToken) => GetAsync(url.GetLeftPart(UriPartial.Authority), cancellationToken);

    /// <summary>The file of <paramref name="origin"/>, or of whatever key the cache's files are held by (a file's own URL).</summary>
    public Task<T> GetAsync(string origin, CancellationToken cancellationToken)
    {
        if (byOrigin.TryGetValue(origin, out var known))
        {
            return known.File.Value.WaitAsync(cancellationToken);
        }
        var candidate = new Entry(origin, new Lazy<Task<T>>(() => fetch(origin)), Interlocked.Increment(ref added));
        var entry = byOrigin.GetOrAdd(origin, candidate);
        if (ReferenceEquals(entry, candidate))
        {
            entry.File.Value.ContinueWith(Account(entry), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return entry.File.Value.WaitAsync(cancellationToken);
    }

    private Action<Task<T>> Account(Entry entry) => fetched =>
    {
        var size = EntryOverhead + 2L * entry.Origin.Length + (fetched.IsCompletedSuccessfully ? sizeOf(fetched.Result) : 0);
        lock (accounting)
        {
            if (!byOrigin.TryGetValue(entry.Origin, out var current) || !ReferenceEquals(current, entry))
            {
                return;
            }
            entry.Size = size;
            bytes += size;
            if (bytes > byteBudget)
            {
                Trim(keep: entry);
            }
        }
    };

    /// <summary>Drops the oldest files but <paramref name="keep"/>, just fetched, until half the budget is used. Called under the accounting lock.</summary>
    private void Trim(Entry keep)
    {
        foreach (var oldest in byOrigin.Values.Where(e => e.Size > 0 && !ReferenceEquals(e, keep)).OrderBy(e => e.Order).ToList())
        {
            if (bytes <= byteBudget / 2)
            {
                return;
            }
            if (byOrigin.TryRemove(new KeyValuePair<string, Entry>(oldest.Origin, oldest)))
            {
                bytes -= oldest.Size;
            }
        }
    }

    private sealed class Entry(string origin, Lazy<Task<T>> file, long order)
    {
        public string Origin { get; } = origin;
        public Lazy<Task<T>> File { get; } = file;
        public long Order { get; } = order;
        /// <summary>What the entry was counted as, once its file arrived; 0 before.</summary>
        public long Size { get; set; }
    }
}
