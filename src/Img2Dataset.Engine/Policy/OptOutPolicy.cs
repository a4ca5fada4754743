namespace Img2Dataset.Engine.Policy;

/// <summary>Which opt-out signals exclude an image, and the agent name we answer to.</summary>
public sealed record OptOutPolicy
{
    public static IReadOnlyList<string> DefaultDisallowedDirectives { get; } = ["noai", "noimageai", "noindex", "noimageindex"];

    public const string DefaultUserAgentToken = "img2dataset";

    /// <summary>X-Robots-Tag directives that exclude an image; empty turns the header check off, as in the reference.</summary>
    public IReadOnlyList<string> DisallowedDirectives { get; init; } = DefaultDisallowedDirectives;

    /// <summary>The agent name that scoped X-Robots-Tag groups and robots.txt groups are matched against.</summary>
    public string UserAgentToken { get; init; } = DefaultUserAgentToken;

    /// <summary>Whether <c>tdm-reservation: 1</c> (W3C TDM Reservation Protocol) excludes an image: the header and the file.</summary>
    public bool RespectTdmReservation { get; init; } = true;

    /// <summary>Whether each origin's <c>/.well-known/tdmrep.json</c> is read (once per run) and its reservations honoured.</summary>
    public bool RespectTdmRepFile { get; init; } = true;

    /// <summary>Whether robots.txt of each host is obeyed: its Allow and Disallow rules (RFC 9309).</summary>
    public bool RespectRobotsTxt { get; init; }

    /// <summary>
    /// Whether a robots.txt group naming an AI-training crawler (<see cref="AiCrawlerTokens"/>) that disallows the
    /// path refuses the image, whatever <see cref="RespectRobotsTxt"/> says.
    /// </summary>
    public bool RespectAiCrawlerRules { get; init; } = true;

    /// <summary>The AI-training crawler tokens whose robots.txt groups are read; null for the list the module ships.</summary>
    public IReadOnlyList<string>? AiCrawlerTokens { get; init; }

    /// <summary>The crawler tokens in force: the user's, else the shipped list.</summary>
    public IReadOnlyList<string> CrawlerTokens() => AiCrawlerTokens ?? Policy.AiCrawlerTokens.Default;

    /// <summary>Whether <c>train-ai=n</c> in a Content-Usage header or robots.txt rule excludes an image (IETF AI preferences).</summary>
    public bool RespectContentUsage { get; init; } = true;

    /// <summary>Whether <c>ai-train=no</c> in a robots.txt Content-Signal line excludes an image.</summary>
    public bool RespectContentSignal { get; init; } = true;

    /// <summary>Whether a prohibiting IPTC "Data Mining" property embedded in the image excludes it.</summary>
    public bool RespectIptcDataMining { get; init; } = true;

    /// <summary>Whether a C2PA / CAWG training-and-mining assertion of <c>notAllowed</c> embedded in the image excludes it.</summary>
    public bool RespectC2paTrainingMining { get; init; } = true;

    /// <summary>Whether robots.txt is read at all: for its rules, or only for the AI preferences it carries (one request per host).</summary>
    public bool ReadsRobotsTxt => RespectRobotsTxt || RespectAiCrawlerRules || RespectContentUsage || RespectContentSignal;

    /// <summary>Whether tdmrep.json is read: the file is part of the TDM Reservation Protocol and can be left out on its own.</summary>
    public bool ReadsTdmRepFile => RespectTdmReservation && RespectTdmRepFile;

    /// <summary>Whether the downloaded bytes are searched for embedded signals.</summary>
    public bool ReadsEmbeddedSignals => RespectIptcDataMining || RespectC2paTrainingMining;

    /// <summary>
    /// The directives, lower-cased, with entries holding several comma-separated directives ("noai, noimageai", as a
    /// config file or a quoted parameter gives them) split.
    /// </summary>
    public IEnumerable<string> Directives() =>
        DisallowedDirectives.SelectMany(d => d.Split(',')).Select(d => d.Trim().ToLowerInvariant()).Where(d => d.Length > 0).Distinct();

    public void Validate()
    {
        if (DisallowedDirectives.Count > 0 && !Directives().Any())
        {
            throw new ArgumentException(
                "DisallowedHeaderDirectives holds only blank entries: name the directives (such as noai), or give an empty list (@()) to turn the X-Robots-Tag check off.",
                nameof(DisallowedDirectives));
        }
        if (!IsProductToken(UserAgentToken))
        {
            throw new ArgumentException(
                $"The user agent token '{UserAgentToken}' must be one word (letters, digits, '-', '_', '.'), as agent names in X-Robots-Tag and robots.txt are.",
                nameof(UserAgentToken));
        }
        if (AiCrawlerTokens?.FirstOrDefault(t => !IsProductToken(t) || t.Contains('/')) is { } bad)
        {
            throw new ArgumentException(
                $"AiCrawlerToken: '{bad}' is not one robots.txt product token (letters, digits, '-', '_', '.'), as User-agent lines name crawlers (RFC 9309 §2.2.1).",
                nameof(AiCrawlerTokens));
        }
    }

    private static bool IsProductToken(string? token) =>
        !string.IsNullOrWhiteSpace(token) && !token.Any(c => char.IsWhiteSpace(c) || c is ':' or ';' or '(' or ')' or ',');
}
