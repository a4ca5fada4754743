namespace Img2Dataset.Engine.Policy;

/// <summary>
/// A parsed robots.txt and RFC 9309 matching: the groups naming our product token (case-insensitive) are merged, else
/// the <c>*</c> groups; the longest matching rule wins, and <c>allow</c> wins a tie; <c>*</c> and a final <c>$</c> are
/// wildcards; patterns and paths are compared in one percent-encoding (<see cref="RobotsPath"/>). Lines end with LF,
/// CR or CRLF, and a leading byte-order mark is skipped, as Google's open-source parser does. A file that could not be
/// had is either unavailable (everything allowed, §2.3.1.3) or unreachable (everything disallowed, §2.3.1.4), with
/// the reason kept for the evidence. A line longer than Google's parser reads (<see cref="MaxLineLength"/>) is cut
/// there, as that parser cuts it. Held for thousands of sites, a file keeps only the groups that can apply to the
/// agents asked about (<see cref="Keep"/>), each rule as its text and pattern alone.
/// </summary>
public sealed class RobotsTxt
{
    /// <summary>Google's robots.txt parser: 2083 × 8 characters, eight times the longest URL some browsers take.</summary>
    public const int MaxLineLength = 2083 * 8;

    private readonly List<Group> groups;
    private readonly bool? everything;
    private readonly bool hasPreferences;

    private RobotsTxt(List<Group> groups, bool? everything, string? reason)
    {
        this.groups = groups;
        this.everything = everything;
        hasPreferences = groups.Any(g => g.Preferences.Count > 0);
        Reason = reason;
    }

    /// <summary>Why the file is treated as allowing or disallowing everything; null for a parsed file.</summary>
    public string? Reason { get; }

    /// <summary>Whether the file could not be had and everything is disallowed (RFC 9309 §2.3.1.4).</summary>
    public bool Unreachable => everything == false;

    /// <summary>No file (4xx, too many redirects): everything is allowed.</summary>
    public static RobotsTxt Unavailable(string reason) => new([], true, reason);

    /// <summary>The file could not be fetched (5xx, 429, network failure): assume complete disallow.</summary>
    public static RobotsTxt UnreachableBecause(string reason) => new([], false, reason);

    /// <summary>Parses a file; with <paramref name="truncated"/>, its last line was cut by the size cap and is ignored.</summary>
    public static RobotsTxt Parse(string text, bool truncated = false)
    {
        var lines = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var complete = truncated ? lines.Length - 1 : lines.Length;
        var groups = new List<Group>();
        Group? current = null;
        var lastWasAgent = false;
        for (var number = 1; number <= complete; number++)
        {
            var raw = lines[number - 1];
            var line = (raw.Length > MaxLineLength ? raw[..MaxLineLength] : raw).Split('#', 2)[0].Trim();
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
                    current = new Group { Line = number };
                    groups.Add(current);
                }
                current.Agents.Add(ProductToken(value));
                current.Named.Add(value);
                lastWasAgent = true;
            }
            else if (key is "allow" or "disallow" && current is not null)
            {
                if (value.Length > 0)
                {
                    current.Rules.Add(Rule.Of(key == "allow", value, number, line));
                }
                lastWasAgent = false;
            }
            else if (key is "content-usage" or "content-signal" && current is not null)
            {
                current.Preferences.Add(PreferenceRule.Parse(key == "content-usage" ? OptOutSignal.ContentUsage : OptOutSignal.ContentSignal, value, number, line));
                lastWasAgent = false;
            }
        }
        return new RobotsTxt(groups, null, null);
    }

    /// <summary>
    /// The same file with only what can apply to <paramref name="tokens"/>: the groups naming one of them or <c>*</c>,
    /// each naming only those agents. The groups of any other agent never decide for these, so they need not be held.
    /// </summary>
    public RobotsTxt Keep(IReadOnlyCollection<string> tokens)
    {
        if (everything is not null)
        {
            return this;
        }
        var wanted = tokens.Select(t => t.ToLowerInvariant()).Append("*").ToHashSet(StringComparer.Ordinal);
        var kept = groups.Where(g => g.Agents.Overlaps(wanted)).Select(g => g.OnlyAgents(wanted)).ToList();
        return new RobotsTxt(kept, null, null);
    }

    /// <summary>About how many bytes the parsed file holds, for caches bounded in bytes.</summary>
    public long ApproximateBytes => 64 + (Reason?.Length ?? 0) * 2 + groups.Sum(g => g.ApproximateBytes);

    /// <summary>Whether <paramref name="pathAndQuery"/> (as sent, starting with '/') may be fetched by <paramref name="token"/>.</summary>
    public bool IsAllowed(string pathAndQuery, string token) => Match(pathAndQuery, token) is null;

    /// <summary>The rule that disallows the path, as "line N: Disallow: /x", or the reason everything is; null when allowed.</summary>
    public string? Match(string pathAndQuery, string token)
    {
        if (everything is { } all)
        {
            return all ? null : Reason;
        }
        if (pathAndQuery.Equals("/robots.txt", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return Disallowing(Applicable(token), RobotsPath.Normalize(pathAndQuery));
    }

    /// <summary>
    /// The refusals of AI training that the file's <paramref name="kind"/> rules (Content-Usage or Content-Signal)
    /// attach to the path, each as "line N: Content-Usage: train-ai=n". draft-ietf-aipref-attach-05 §3.1: the rules
    /// of the group that applies to us, the longest matching path winning as for Allow/Disallow, rules of equal
    /// paths all applying (the most restrictive wins); a file that could not be had carries no preference. A path
    /// the file disallows keeps its preference: the draft's "no preferences are implied for resources that are
    /// disallowed" assumes a crawler that does not fetch them, and this one may.
    /// </summary>
    public IReadOnlyList<string> RefusedTraining(string pathAndQuery, string token, OptOutSignal kind)
    {
        if (everything is not null || !hasPreferences)
        {
            return [];
        }
        var path = RobotsPath.Normalize(pathAndQuery);
        var matching = Applicable(token).SelectMany(g => g.Preferences).Where(r => r.Signal == kind && r.Matches(path)).ToList();
        var longest = matching.Count == 0 ? 0 : matching.Max(r => r.Length);
        return matching.Where(r => r.Length == longest && r.Refusals.Count > 0).Select(r => $"line {r.Line}: {r.Text}").ToArray();
    }

    /// <summary>
    /// The refusals of <paramref name="pathAndQuery"/> by groups addressed to AI-training crawlers by name, one per
    /// crawler token refused, as "GPTBot: group of line 3 (User-agent: GPTBot, CCBot), line 5: Disallow: /". For
    /// each token, the groups naming it decide (RFC 9309 §2.2.1: the longest match, Allow winning a tie); a token
    /// only the <c>*</c> groups cover is not addressed by name, so it refuses nothing here. A file that could not be
    /// had says nothing of them.
    /// </summary>
    public IReadOnlyList<string> AiCrawlerRefusals(string pathAndQuery, IReadOnlyCollection<string> crawlerTokens)
    {
        if (everything is not null || pathAndQuery.Equals("/robots.txt", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }
        string? path = null;
        var refusals = new List<string>();
        foreach (var token in crawlerTokens)
        {
            var agent = token.ToLowerInvariant();
            var named = groups.Where(g => g.Agents.Contains(agent)).ToList();
            if (named.Count == 0)
            {
                continue;
            }
            path ??= RobotsPath.Normalize(pathAndQuery);
            if (Deciding(named, path) is { Allow: false } rule)
            {
                var group = named.First(g => g.Rules.Contains(rule));
                refusals.Add($"{token}: group of line {group.Line} (User-agent: {string.Join(", ", group.Named)}), line {rule.Line}: {rule.Text}");
            }
        }
        return refusals;
    }

    private List<Group> Applicable(string token)
    {
        var agent = token.ToLowerInvariant();
        var applicable = groups.Where(g => g.Agents.Contains(agent)).ToList();
        return applicable.Count > 0 ? applicable : groups.Where(g => g.Agents.Contains("*")).ToList();
    }

    private static string? Disallowing(List<Group> applicable, string path) =>
        Deciding(applicable, path) is { Allow: false } disallowed ? $"line {disallowed.Line}: {disallowed.Text}" : null;

    /// <summary>The rule that decides for the path: the longest matching pattern, Allow winning a tie; null when none matches.</summary>
    private static Rule? Deciding(List<Group> applicable, string path)
    {
        Rule? best = null;
        foreach (var rule in applicable.SelectMany(g => g.Rules))
        {
            if ((best is not { } b || rule.Pattern.Length > b.Pattern.Length || (rule.Pattern.Length == b.Pattern.Length && rule.Allow && !b.Allow))
                && RobotsPattern.Matches(rule.Pattern, path))
            {
                best = rule;
            }
        }
        return best;
    }

    private static string ProductToken(string value)
    {
        var token = value.Trim().ToLowerInvariant();
        var end = token.IndexOfAny([' ', '/', '\t']);
        return end < 0 ? token : token[..end];
    }

    private sealed class Group
    {
        /// <summary>The line of its first User-agent.</summary>
        public int Line { get; init; }
        /// <summary>The product tokens it names, lower-cased.</summary>
        public HashSet<string> Agents { get; private init; } = new(StringComparer.Ordinal);
        /// <summary>Its User-agent values as written, for the evidence.</summary>
        public List<string> Named { get; private init; } = [];
        public List<Rule> Rules { get; private init; } = [];
        public List<PreferenceRule> Preferences { get; private init; } = [];

        public Group OnlyAgents(HashSet<string> wanted) => new()
        {
            Line = Line,
            Agents = Agents.Where(wanted.Contains).ToHashSet(StringComparer.Ordinal),
            Named = Named.Count <= 16 ? Named : [.. Named.Take(16), "…"],
            Rules = Rules,
            Preferences = Preferences,
        };

        public long ApproximateBytes =>
            96 + Agents.Sum(a => 48 + 2L * a.Length) + Named.Sum(a => 48 + 2L * a.Length) + Rules.Sum(r => r.ApproximateBytes) + Preferences.Sum(p => p.ApproximateBytes);
    }

    /// <summary>
    /// A Content-Usage or Content-Signal line: an optional path (starting with "/", ending at the first blank), then
    /// the statement (draft-ietf-aipref-attach-05 §3.2). No path applies to every path, with length 0.
    /// </summary>
    private sealed class PreferenceRule
    {
        private RobotsPattern? pattern;

        public OptOutSignal Signal { get; private init; }
        public IReadOnlyList<string> Refusals { get; private init; } = [];
        public int Line { get; private init; }
        public string Text { get; private init; } = "";
        public int Length => pattern?.Text.Length ?? 0;

        public bool Matches(string path) => pattern is null || pattern.Matches(path);

        public long ApproximateBytes => 96 + 2L * Text.Length + (pattern is null ? 0 : 48 + 2L * pattern.Text.Length) + Refusals.Sum(r => 40 + 2L * r.Length);

        public static PreferenceRule Parse(OptOutSignal signal, string value, int line, string text)
        {
            var statement = value;
            RobotsPattern? pattern = null;
            if (value.StartsWith('/'))
            {
                var end = value.IndexOfAny([' ', '\t']);
                pattern = new RobotsPattern(end < 0 ? value : value[..end]);
                statement = end < 0 ? "" : value[end..].Trim();
            }
            var refusals = signal == OptOutSignal.ContentUsage ? AiPreferences.RefusedUsage(statement) : AiPreferences.RefusedSignals(statement);
            return new PreferenceRule { pattern = pattern, Signal = signal, Refusals = refusals, Line = line, Text = text };
        }
    }

    /// <summary>An Allow or Disallow line: its pattern (normalised; the same string as the line's value when nothing needed normalising), line number and text.</summary>
    private readonly record struct Rule(bool Allow, string Pattern, int Line, string Text)
    {
        public static Rule Of(bool allow, string value, int line, string text) => new(allow, RobotsPath.Normalize(value), line, text);

        public long ApproximateBytes => 24 + 2L * Text.Length + 24 + 2L * Pattern.Length;
    }
}
