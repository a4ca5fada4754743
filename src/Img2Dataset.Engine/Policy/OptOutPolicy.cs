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

    /// <summary>Whether <c>tdm-reservation: 1</c> (W3C TDM Reservation Protocol) excludes an image.</summary>
    public bool RespectTdmReservation { get; init; } = true;

    /// <summary>Whether robots.txt of each host is fetched and obeyed (RFC 9309).</summary>
    public bool RespectRobotsTxt { get; init; }

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
        if (string.IsNullOrWhiteSpace(UserAgentToken) || UserAgentToken.Any(c => char.IsWhiteSpace(c) || c is ':' or ';' or '(' or ')' or ','))
        {
            throw new ArgumentException(
                $"The user agent token '{UserAgentToken}' must be one word (letters, digits, '-', '_', '.'), as agent names in X-Robots-Tag and robots.txt are.",
                nameof(UserAgentToken));
        }
    }
}
