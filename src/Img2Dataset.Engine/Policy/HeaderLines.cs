namespace Img2Dataset.Engine.Policy;

/// <summary>Raw header lines ("Name: value") as name → values, several lines of a name kept as several values.</summary>
public static class HeaderLines
{
    /// <exception cref="FormatException">A line has no "name:" part.</exception>
    public static IReadOnlyList<KeyValuePair<string, IEnumerable<string>>> Parse(IEnumerable<string> lines) =>
        lines.Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(Split)
            .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .Select(g => KeyValuePair.Create(g.Key, g.Select(p => p.Value)))
            .ToArray();

    private static (string Name, string Value) Split(string line)
    {
        var colon = line.IndexOf(':');
        return colon > 0
            ? (line[..colon].Trim(), line[(colon + 1)..].Trim())
            : throw new FormatException($"Header line '{line}' is not of the form 'Name: value'.");
    }
}
