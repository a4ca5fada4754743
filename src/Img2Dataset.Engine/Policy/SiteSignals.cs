namespace Img2Dataset.Engine.Policy;

/// <summary>
/// The site-wide signals of each origin, each file fetched once per run: robots.txt, for its rules when the policy
/// obeys them and for the AI preferences it carries (Content-Usage, Content-Signal) when the policy honours them;
/// and tdmrep.json. Signals the user chose to ignore are still reported when their file was read anyway.
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
        var robots = policy.ReadsRobotsTxt ? new RobotsTxtCache(client, policy.UserAgentToken, timeout, warn) : null;
        var tdmRep = policy.ReadsTdmRepFile ? new TdmRepFileCache(new SiteFileFetcher(client, timeout), warn ?? (_ => { })) : null;
        return robots is null && tdmRep is null ? null : new SiteSignals(policy, robots, tdmRep);
    }

    public async Task<SiteVerdict> JudgeAsync(Uri url, CancellationToken cancellationToken)
    {
        var tdmRule = tdmRep is null ? Task.FromResult<TdmRepRule?>(null) : tdmRep.MatchAsync(url, cancellationToken);
        var (refused, ignored) = robots is null ? (null, []) : await JudgeRobotsAsync(robots, url, cancellationToken);
        return new SiteVerdict(refused, ignored, await tdmRule);
    }

    private async Task<(OptOutDecision?, IReadOnlyList<OptOutEvidence>)> JudgeRobotsAsync(RobotsTxtCache cache, Uri url, CancellationToken cancellationToken)
    {
        var file = await cache.GetAsync(url, cancellationToken);
        if (policy.RespectRobotsTxt && cache.Refusal(file, url) is { } disallowed)
        {
            return (disallowed, []);
        }
        OptOutDecision? refused = null;
        var ignored = new List<OptOutEvidence>();
        foreach (var (signal, honoured) in new[] { (OptOutSignal.ContentUsage, policy.RespectContentUsage), (OptOutSignal.ContentSignal, policy.RespectContentSignal) })
        {
            var matched = file.RefusedTraining(url.PathAndQuery, cache.UserAgentToken, signal);
            if (matched.Count == 0)
            {
                continue;
            }
            var source = RobotsTxtCache.RobotsUrl(url).AbsoluteUri;
            if (honoured)
            {
                refused ??= new OptOutDecision { Signal = signal, MatchedDirectives = matched, Source = source };
            }
            else
            {
                ignored.AddRange(matched.Select(m => new OptOutEvidence(signal, m, source, Ignored: true)));
            }
        }
        return (refused, ignored);
    }
}
