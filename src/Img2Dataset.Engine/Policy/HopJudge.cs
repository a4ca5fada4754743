using System.Net.Http.Headers;

namespace Img2Dataset.Engine.Policy;

/// <summary>
/// Judges one walk of redirects: each URL against its host's robots.txt before it is requested (when the policy asks
/// for robots.txt), and each response's headers before anything else is done with it. Signals seen but ignored on
/// any hop are kept, so the final decision carries the evidence of the whole walk. One per attempt.
/// </summary>
public sealed class HopJudge(OptOutEvaluator evaluator, RobotsTxtCache? robots)
{
    private readonly List<OptOutEvidence> ignored = [];

    /// <summary>The decision on the last response judged, with what every hop so far showed.</summary>
    public OptOutDecision Last { get; private set; } = OptOutDecision.Allow;

    public async ValueTask<OptOutDecision?> BeforeRequestAsync(Uri url, CancellationToken cancellationToken) =>
        robots is not null && await robots.CheckAsync(url, cancellationToken) is { } refused ? refused with { Ignored = [.. ignored] } : null;

    public OptOutDecision? OnResponse(Uri url, HttpResponseMessage response)
    {
        var source = url.AbsoluteUri;
        var decision = evaluator.Evaluate(Headers(response));
        ignored.AddRange(decision.Ignored.Select(e => e with { Source = source }));
        Last = decision with { Source = decision.Allowed ? null : source, Ignored = [.. ignored] };
        return Last.Allowed ? null : Last;
    }

    private static IEnumerable<KeyValuePair<string, IEnumerable<string>>> Headers(HttpResponseMessage response) =>
        response.Headers.Concat<KeyValuePair<string, IEnumerable<string>>>(response.Content.Headers);
}
