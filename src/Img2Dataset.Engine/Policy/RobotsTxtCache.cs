using System.Text;

namespace Img2Dataset.Engine.Policy;

/// <summary>
/// robots.txt per origin, fetched once for the run (<see cref="SiteFileFetcher"/>), to RFC 9309 and to what Google's
/// open-source parser does: 2xx is parsed (first 500 KiB of the decoded content, a line cut by the cap ignored); more
/// than five redirects mean "unavailable"; 4xx means unavailable, so everything is allowed (§2.3.1.3), except 429,
/// which like Google we take as the server's trouble; 5xx, 429 and network failures mean unreachable, so everything is
/// disallowed (§2.3.1.4), and the evidence says so apart from a creator's rule. A body that cannot be read (an
/// encoding that does not decode) is unreachable too, with a warning: the server answered, but not with a file.
/// Of each file only the groups of the agents asked about are kept, and the files are held within
/// <see cref="DefaultByteBudget"/>, so a list of a million hosts with large files costs no more than a few.
/// </summary>
public sealed class RobotsTxtCache
{
    public const int MaxBytes = 500 * 1024;
    public const long DefaultByteBudget = 32L * 1024 * 1024;
    private readonly string userAgentToken;
    private readonly IReadOnlyCollection<string> keptAgents;
    private readonly Action<string> warn;
    private readonly SiteFileFetcher fetcher;
    private readonly OriginCache<RobotsTxt> byOrigin;

    /// <param name="client">The run's client.</param>
    /// <param name="userAgentToken">Our product token: its groups, else <c>*</c>'s, judge us.</param>
    /// <param name="timeout">For each file, apart from the images' own timeout.</param>
    /// <param name="warn">Told once per file that could not be read.</param>
    /// <param name="byteBudget">What the files held may take.</param>
    /// <param name="crawlerTokens">Other agents whose groups are read too (the AI-training crawlers).</param>
    public RobotsTxtCache(HttpClient client, string userAgentToken, TimeSpan timeout, Action<string>? warn = null, long byteBudget = DefaultByteBudget,
        IReadOnlyList<string>? crawlerTokens = null)
    {
        this.userAgentToken = userAgentToken;
        CrawlerTokens = crawlerTokens ?? [];
        keptAgents = [userAgentToken, .. CrawlerTokens];
        this.warn = warn ?? (_ => { });
        fetcher = new SiteFileFetcher(client, timeout);
        byOrigin = new OriginCache<RobotsTxt>(origin => FetchAsync(new Uri(origin + "/robots.txt")), file => file.ApproximateBytes, byteBudget);
    }

    public string UserAgentToken => userAgentToken;

    /// <summary>The AI-training crawlers whose groups the files keep.</summary>
    public IReadOnlyList<string> CrawlerTokens { get; }

    /// <summary>The bytes the files held take now, by their own estimate.</summary>
    public long HeldBytes => byOrigin.Bytes;

    /// <summary>The refusal of <paramref name="url"/> by its host's robots.txt rules, with the rule or reason; null when allowed.</summary>
    public async Task<OptOutDecision?> CheckAsync(Uri url, CancellationToken cancellationToken) =>
        Refusal(await GetAsync(url, cancellationToken), url);

    /// <summary>The refusal of <paramref name="url"/> by <paramref name="robots"/>, its origin's file; null when allowed.</summary>
    public OptOutDecision? Refusal(RobotsTxt robots, Uri url) =>
        robots.Match(url.PathAndQuery, userAgentToken) is { } matched
            ? new OptOutDecision
            {
                Signal = robots.Unreachable ? OptOutSignal.RobotsTxtUnreachable : OptOutSignal.RobotsTxt,
                MatchedDirectives = [matched],
                Source = RobotsUrl(url).AbsoluteUri,
            }
            : null;

    /// <summary>The robots.txt of <paramref name="url"/>'s origin, fetched on the first call for it.</summary>
    public Task<RobotsTxt> GetAsync(Uri url, CancellationToken cancellationToken) => byOrigin.GetAsync(url, cancellationToken);

    public static Uri RobotsUrl(Uri url) => new(url.GetLeftPart(UriPartial.Authority) + "/robots.txt");

    private async Task<RobotsTxt> FetchAsync(Uri robotsUrl)
    {
        var file = await fetcher.FetchAsync(robotsUrl, MaxBytes);
        if (file.RedirectedAway)
        {
            return RobotsTxt.Unavailable(file.Failure!);
        }
        if (file.Status is >= 400 and < 500 and not 429)
        {
            return RobotsTxt.Unavailable($"HTTP {file.Status}");
        }
        if (file.Unreadable)
        {
            warn($"{robotsUrl} could not be read ({file.Failure}); it counts as unreachable.");
        }
        if (file.Body is not { } body)
        {
            return RobotsTxt.UnreachableBecause($"robots.txt unreachable: {file.Failure}");
        }
        // Only the groups that can apply to the agents asked about are kept: most of a large file addresses other crawlers.
        return RobotsTxt.Parse(Encoding.UTF8.GetString(body), file.Truncated).Keep(keptAgents);
    }
}
