using System.Text.RegularExpressions;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// Counts of failures by message, for a shard's <c>status_dict</c> and a job's top errors. Keyed by the message
/// without what is particular to one row (input file location, quoted values, the endpoint a socket error names),
/// which stays in that row's metadata, and capped in distinct keys, so a million different bad rows cost a
/// thousand entries at most, not a million.
/// </summary>
public sealed partial class ErrorTally
{
    public const int MaxDistinctMessages = 1000;
    public const string OtherMessages = "other errors (past the distinct message limit)";
    private readonly Dictionary<string, int> counts;

    public ErrorTally(Dictionary<string, int>? counts = null) => this.counts = counts ?? [];

    public IReadOnlyDictionary<string, int> Counts => counts;

    public void Add(string message, int count = 1)
    {
        var key = KeyOf(message);
        if (!counts.ContainsKey(key) && counts.Count >= MaxDistinctMessages)
        {
            key = OtherMessages;
        }
        counts[key] = counts.GetValueOrDefault(key) + count;
    }

    /// <summary>The message less its row's particulars.</summary>
    public static string KeyOf(string message)
    {
        message = RowLocation().Replace(message, "");
        message = QuotedValue().Replace(message, "'…'");
        return Endpoint().Replace(message, "");
    }

    public IReadOnlyList<KeyValuePair<string, int>> Top(int count) =>
        counts.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Take(count).ToList();

    /// <summary>"FILE, line 12: " or "FILE, record 3: " at the start of an input row's error.</summary>
    [GeneratedRegex(@"^.*?, (?:line|record) \d+: ")]
    private static partial Regex RowLocation();

    [GeneratedRegex(@"'[^']*'")]
    private static partial Regex QuotedValue();

    /// <summary>The " (host:port)" .NET appends to socket errors.</summary>
    [GeneratedRegex(@" \([^()\s]*:\d+\)")]
    private static partial Regex Endpoint();
}
