namespace Img2Dataset.Engine.Policy;

/// <summary>
/// A path pattern as robots.txt writes it (RFC 9309 §2.2.2; "How Google interprets the robots.txt specification",
/// URL matching based on path values): a prefix of the path, where <c>*</c> stands for any characters and a final
/// <c>$</c> anchors the end. Compared in <see cref="RobotsPath"/>'s one spelling. tdmrep.json locations use the
/// same notation (W3C TDMRep final report, "TDM File on the Origin Server").
/// <para>
/// Site files are hostile input, so a pattern never becomes a backtracking regular expression (one crafted pattern
/// such as <c>/*a*a*a*a*…b</c> would keep a core busy for ever). With <c>*</c> the only wildcard, matching the literal
/// pieces between the stars left to right, each at its first occurrence after the previous one, decides a match: an
/// earlier occurrence leaves every later piece at least as much room. Each piece is searched for once, from where the
/// previous one ended, never retreating: a match costs at most the path's length for each character of the pattern,
/// the bound of Google's open-source matcher, and usually one pass over the path (the search is vectorised). The
/// pattern is kept as its text alone, a few bytes per rule, so thousands of sites' files can be held.
/// </para>
/// </summary>
public sealed class RobotsPattern
{
    public RobotsPattern(string pattern) => Text = RobotsPath.Normalize(pattern);

    /// <summary>The normalised pattern; its length is how specific it is (the longest match wins in robots.txt).</summary>
    public string Text { get; }

    /// <summary>Whether the pattern matches <paramref name="normalizedPath"/>, a path already in <see cref="RobotsPath"/>'s spelling.</summary>
    public bool Matches(string normalizedPath) => Matches(Text, normalizedPath);

    /// <summary>Whether <paramref name="pattern"/> (normalised) matches <paramref name="path"/> (normalised).</summary>
    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> path)
    {
        var anchored = pattern.EndsWith("$");
        var rest = anchored ? pattern[..^1] : pattern;
        var star = rest.IndexOf('*');
        if (star < 0)
        {
            return anchored ? path.SequenceEqual(rest) : path.StartsWith(rest);
        }
        // The piece before the first star is a prefix of the path.
        if (!path.StartsWith(rest[..star]))
        {
            return false;
        }
        var position = star;
        rest = rest[(star + 1)..];
        while ((star = rest.IndexOf('*')) >= 0)
        {
            var piece = rest[..star];
            rest = rest[(star + 1)..];
            var found = path[position..].IndexOf(piece);
            if (found < 0)
            {
                return false;
            }
            position += found + piece.Length;
        }
        // The piece after the last star: anywhere after the others, or, anchored, at the very end.
        return anchored
            ? path.Length - rest.Length >= position && path.EndsWith(rest)
            : path[position..].IndexOf(rest) >= 0;
    }
}
