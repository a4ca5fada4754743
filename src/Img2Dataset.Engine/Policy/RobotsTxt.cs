using System.Text.RegularExpressions;

namespace Img2Dataset.Engine.Policy;

/// <summary>
/// A parsed robots.txt and RFC 9309 matching: the groups naming our product token (case-insensitive) are merged, else the
/// <c>*</c> groups; the longest matching rule wins, and <c>allow</c> wins a tie; <c>*</c> and a final <c>$</c> are wildcards.
/// </summary>
public sealed class RobotsTxt
{
    private readonly List<Group> groups;
    private readonly bool? everything;

    private RobotsTxt(List<Group> groups, bool? everything)
    {
        this.groups = groups;
        this.everything = everything;
    }

    /// <summary>What a 4xx (no robots.txt) means: everything is allowed.</summary>
    public static RobotsTxt AllowAll { get; } = new([], true);

    /// <summary>What a 5xx or an unreachable host means: assume complete disallow.</summary>
    public static RobotsTxt DisallowAll { get; } = new([], false);

    public static RobotsTxt Parse(string text)
    {
        var groups = new List<Group>();
        Group? current = null;
        var lastWasAgent = false;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Split('#', 2)[0].Trim();
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (key == "user-agent")
            {
                if (current is null || !lastWasAgent)
                {
                    current = new Group();
                    groups.Add(current);
                }
                current.Agents.Add(ProductToken(value));
                lastWasAgent = true;
            }
            else if (key is "allow" or "disallow" && current is not null)
            {
                if (value.Length > 0)
                {
                    current.Rules.Add(new Rule(key == "allow", value));
                }
                lastWasAgent = false;
            }
        }
        return new RobotsTxt(groups, null);
    }

    /// <summary>Whether <paramref name="pathAndQuery"/> (as sent, starting with '/') may be fetched by <paramref name="token"/>.</summary>
    public bool IsAllowed(string pathAndQuery, string token)
    {
        if (everything is { } all)
        {
            return all;
        }
        if (pathAndQuery.Equals("/robots.txt", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var agent = token.ToLowerInvariant();
        var applicable = groups.Where(g => g.Agents.Contains(agent)).ToList();
        if (applicable.Count == 0)
        {
            applicable = groups.Where(g => g.Agents.Contains("*")).ToList();
        }
        var best = applicable.SelectMany(g => g.Rules)
            .Where(r => r.Matches(pathAndQuery))
            .OrderByDescending(r => r.Pattern.Length)
            .ThenByDescending(r => r.Allow)
            .FirstOrDefault();
        return best?.Allow ?? true;
    }

    private static string ProductToken(string value)
    {
        var token = value.Trim().ToLowerInvariant();
        var end = token.IndexOfAny([' ', '/', '\t']);
        return end < 0 ? token : token[..end];
    }

    private sealed class Group
    {
        public HashSet<string> Agents { get; } = new(StringComparer.Ordinal);
        public List<Rule> Rules { get; } = [];
    }

    private sealed class Rule(bool allow, string pattern)
    {
        private readonly Regex regex = ToRegex(pattern);

        public bool Allow { get; } = allow;
        public string Pattern { get; } = pattern;

        public bool Matches(string path) => regex.IsMatch(path);

        private static Regex ToRegex(string pattern)
        {
            var anchored = pattern.EndsWith('$');
            var body = Regex.Escape(anchored ? pattern[..^1] : pattern).Replace(@"\*", ".*", StringComparison.Ordinal);
            return new Regex("^" + body + (anchored ? "$" : ""), RegexOptions.CultureInvariant | RegexOptions.Singleline);
        }
    }
}
