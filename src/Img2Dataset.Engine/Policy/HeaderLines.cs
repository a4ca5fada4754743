namespace Img2Dataset.Engine.Policy;

/// <summary>
/// Raw header lines ("Name: value") as name → values, several lines of a name kept as several values. Each string
/// may hold a whole pasted header block: it is split at CRLF, LF or CR, a status line ("HTTP/1.1 200 OK") is skipped,
/// and a line starting with a space or tab continues the previous value (obsolete line folding, RFC 9112 §5.2).
/// </summary>
public static class HeaderLines
{
    /// <exception cref="FormatException">A line is not of the form "Name: value".</exception>
    public static IReadOnlyList<KeyValuePair<string, IEnumerable<string>>> Parse(IEnumerable<string> blocks)
    {
        var fields = new List<(string Name, string Value)>();
        foreach (var line in blocks.SelectMany(b => b.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', '\r')))
        {
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith("HTTP/", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (line[0] is ' ' or '\t' && fields.Count > 0)
            {
                fields[^1] = (fields[^1].Name, fields[^1].Value + " " + line.Trim());
                continue;
            }
            fields.Add(Split(line));
        }
        return fields.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .Select(g => KeyValuePair.Create(g.Key, g.Select(p => p.Value)))
            .ToArray();
    }

    private static (string Name, string Value) Split(string line)
    {
        var colon = line.IndexOf(':');
        return colon > 0 && !line[..colon].Any(char.IsWhiteSpace)
            ? (line[..colon], line[(colon + 1)..].Trim())
            : throw new FormatException($"Header line '{line}' is not of the form 'Name: value'.");
    }
}
