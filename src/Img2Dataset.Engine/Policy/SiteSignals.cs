namespace Img2Dataset.Engine.Policy;

/// <summary>
/// The site-wide signals of each origin, each file fetched once per run: robots.txt, for its rules when the policy
/// obeys them, for the groups of AI-training crawlers and for the AI preferences it carries (Content-Usage,
/// Content-Signal) when the policy honours them; and tdmrep.json. Signals the user chose to ignore are still reported
/// when their file was read anyway.
/// </summary>
public sealed class SiteSignals
{
    private readonly OptOutPolicy policy;
    private readonly RobotsTxtCache? robots;
    private readonly TdmRepFileCache? tdmRep;

    private SiteSignals(OptOutPolicy policy, RobotsTxtCache? robots, TdmRepFileCache? tdmRep)
    {
        this.policy = policy;
        this.robots = robots;
        this.tdmRep = tdmRep;
    }

    /// <summary>The site signals the policy reads; null when it reads none, so no site file is ever requested.</summary>
    public static SiteSignals? For(HttpClient client, OptOutPolicy policy, TimeSpan timeout, Action<string>? warn = null)
    {
        var robots = policy.ReadsRobotsTxt ? new RobotsTxtCache(client, policy.UserAgentToken, timeout, warn, crawlerTokens: policy.CrawlerTokens()) : null;
        var tdmRep = policy.ReadsTdmRepFile ? new TdmRepFileCache(new SiteFileFetcher(client, timeout), warn ?? (_ => { })) : null;
        return robots is null && tdmRep is null ? null : new SiteSignals(policy, robots, tdmRep);
    }

    public async Task<SiteVerdict> JudgeAsync(Uri url, CancellationToken cancellationToken)
    {
        var tdmRule = tdmRep is null ? Task.FromResult<TdmRepRule?>(null) : tdmRep.MatchAsync(url, cancellationToken);
        var (refused, ignored) = robots is null ? (null, []) : await JudgeRobotsAsync(robots, url, cancellationToken);
        return new SiteVerdict(refused, ignored, await tdmRule);
    }

    /// <summary>
    /// Every refusal robots.txt makes of the URL, in precedence order: its rules for us (when obeyed), the groups of
    /// AI-training crawlers, then the AI preferences attached to the path. The preferences hold on a path the file
    /// disallows too: draft-ietf-aipref-attach's "no preferences are implied for resources that are disallowed"
    /// assumes the resource is not fetched, and a site that forbids more must not be protected less.
    /// </summary>
    private async Task<(OptOutDecision?, IReadOnlyList<OptOutEvidence>)> JudgeRobotsAsync(RobotsTxtCache cache, Uri url, CancellationToken cancellationToken)
    {
        var file = await cache.GetAsync(url, cancellationToken);
        var source = RobotsTxtCache.RobotsUrl(url).AbsoluteUri;
        var refusals = new List<OptOutEvidence>();
        var ignored = new List<OptOutEvidence>();
        if (policy.RespectRobotsTxt && cache.Refusal(file, url) is { } disallowed)
        {
            refusals.Add(new OptOutEvidence(disallowed.Signal, disallowed.MatchedDirectives[0], source));
        }
        Weigh(OptOutSignal.RobotsTxtAiCrawler, policy.RespectAiCrawlerRules, file.AiCrawlerRefusals(url.PathAndQuery, cache.CrawlerTokens));
        Weigh(OptOutSignal.ContentUsage, policy.RespectContentUsage, file.RefusedTraining(url.PathAndQuery, cache.UserAgentToken, OptOutSignal.ContentUsage));
        Weigh(OptOutSignal.ContentSignal, policy.RespectContentSignal, file.RefusedTraining(url.PathAndQuery, cache.UserAgentToken, OptOutSignal.ContentSignal));
        return (OptOutDecision.Refusing(refusals), ignored);

        void Weigh(OptOutSignal signal, bool honoured, IReadOnlyList<string> matched) =>
            (honoured ? refusals : ignored).AddRange(matched.Select(m => new OptOutEvidence(signal, m, source, Ignored: !honoured)));
    }
}
