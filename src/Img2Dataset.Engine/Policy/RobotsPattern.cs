using System.Text.RegularExpressions;

namespace Img2Dataset.Engine.Policy;

/// <summary>
/// A path pattern as robots.txt writes it (RFC 9309 §2.2.2; "How Google interprets the robots.txt specification",
/// URL matching based on path values): a prefix of the path, where <c>*</c> stands for any characters and a final
/// <c>$</c> anchors the end. Compared in <see cref="RobotsPath"/>'s one spelling. tdmrep.json locations use the
/// same notation (W3C TDMRep final report, "TDM File on the Origin Server").
/// </summary>
public sealed class RobotsPattern
{
    private readonly Regex regex;

    public RobotsPattern(string pattern)
    {
        Text = RobotsPath.Normalize(pattern);
        var anchored = Text.EndsWith('$');
        var body = Regex.Escape(anchored ? Text[..^1] : Text).Replace(@"\*", ".*", StringComparison.Ordinal);
        regex = new Regex("^" + body + (anchored ? "$" : ""), RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    /// <summary>The normalised pattern; its length is how specific it is (the longest match wins in robots.txt).</summary>
    public string Text { get; }

    /// <summary>Whether the pattern matches <paramref name="normalizedPath"/>, a path already in <see cref="RobotsPath"/>'s spelling.</summary>
    public bool Matches(string normalizedPath) => regex.IsMatch(normalizedPath);
}
