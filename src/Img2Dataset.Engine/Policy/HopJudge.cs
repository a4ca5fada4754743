using System.Net.Http.Headers;

namespace Img2Dataset.Engine.Policy;

/// <summary>
/// Judges one walk of redirects: each URL against its origin's site-wide signals before it is requested (robots.txt
/// rules and AI preferences, the tdmrep.json rule for it), and each response's headers, with that rule, before
/// anything else is done with it. Signals seen but ignored on any hop are kept, so the final decision carries the
/// evidence of the whole walk. One per attempt; waiting for a site's files is off the attempt's clock.
/// </summary>
public sealed class HopJudge(OptOutEvaluator evaluator, SiteSignals? site, Fetch.AttemptDeadline deadline)
{
    private readonly List<OptOutEvidence> ignored = [];
    private TdmRepRule? tdmRule;

    /// <summary>The decision on the last response judged, with what every hop so far showed.</summary>
    public OptOutDecision Last { get; private set; } = OptOutDecision.Allow;

    /// <summary>Whether the walk was stopped by the site's files before a request, not by a response.</summary>
    public bool RefusedBeforeRequest { get; private set; }

    /// <summary>The redirect walk's hook; its token is the attempt's clock, which the site's files do not run on.</summary>
    public async ValueTask<OptOutDecision?> BeforeRequestAsync(Uri url, CancellationToken cancellationToken)
    {
        var verdict = site is null ? SiteVerdict.Nothing : await deadline.OffTheClockAsync(token => site.JudgeAsync(url, token));
        ignored.AddRange(verdict.Ignored);
        tdmRule = verdict.TdmRule;
        RefusedBeforeRequest = verdict.Refused is not null;
        return verdict.Refused is { } refused ? refused with { Ignored = [.. ignored] } : null;
    }

    public OptOutDecision? OnResponse(Uri url, HttpResponseMessage response)
    {
        var source = url.AbsoluteUri;
        var decision = evaluator.Evaluate(Headers(response), tdmFileRule: tdmRule);
        ignored.AddRange(decision.Ignored.Select(e => e with { Source = e.Source ?? source }));
        Last = decision with
        {
            Source = decision.Allowed ? null : decision.Source ?? source,
            AlsoRefused = decision.AlsoRefused.Select(e => e with { Source = e.Source ?? source }).ToArray(),
            Ignored = [.. ignored],
        };
        return Last.Allowed ? null : Last;
    }

    /// <summary>
    /// The decision once the body has been read and searched: a refusal by a signal embedded in it (its source the
    /// place in the file), with what the headers showed; otherwise the headers' decision.
    /// </summary>
    public OptOutDecision AfterBody(OptOutDecision? embeddedRefusal)
    {
        if (embeddedRefusal is { } refused)
        {
            Last = refused with { XRobotsTag = Last.XRobotsTag, TdmReservation = Last.TdmReservation, TdmPolicy = Last.TdmPolicy, Ignored = [.. ignored] };
        }
        return Last;
    }

    private static IEnumerable<KeyValuePair<string, IEnumerable<string>>> Headers(HttpResponseMessage response) =>
        response.Headers.Concat<KeyValuePair<string, IEnumerable<string>>>(response.Content.Headers);
}
