namespace Img2Dataset.Engine.Reporting;

/// <summary>
/// Figures by name (host, error, signal) with at most <see cref="MaxEntries"/> names: past that, new names share one
/// entry, so a dataset of a million distinct hosts or messages cannot grow a report's memory without bound.
/// </summary>
public sealed class BoundedTally<T>(Func<string, T> create, int maxEntries = BoundedTally<T>.DefaultMaxEntries) where T : class
{
    public const int DefaultMaxEntries = 100_000;
    public const string Others = "(others, past the report's limit of distinct names)";
    private readonly Dictionary<string, T> entries = new(StringComparer.Ordinal);

    public int MaxEntries { get; } = maxEntries;

    public IEnumerable<T> Values => entries.Values;

    public int Count => entries.Count;

    /// <summary>The entry of the name, made on first use, or the shared one past the limit.</summary>
    public T this[string name]
    {
        get
        {
            if (entries.TryGetValue(name, out var entry))
            {
                return entry;
            }
            var key = entries.Count < MaxEntries ? name : Others;
            if (!entries.TryGetValue(key, out entry))
            {
                entry = create(key);
                entries[key] = entry;
            }
            return entry;
        }
    }
}
