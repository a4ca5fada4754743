namespace Img2Dataset.Engine.Policy;

/// <summary>
/// Decides from response headers whether an image may be used under an <see cref="OptOutPolicy"/>, and keeps the
/// evidence: what refused it, the tdm-policy, and the signals seen that the user chose not to honour (an X-Robots-Tag
/// directive of the default list left out of the user's, a TDM reservation under IgnoreTdmReservation).
/// </summary>
public sealed class OptOutEvaluator
{
    private const string NoIndex = "noindex";
    private readonly HashSet<string> disallowed;
    private readonly HashSet<string> watched;
    private readonly string token;
    private readonly bool respectTdm;

    public OptOutEvaluator(OptOutPolicy policy)
    {
        policy.Validate();
        disallowed = policy.Directives().ToHashSet(StringComparer.Ordinal);
        watched = [.. disallowed, .. OptOutPolicy.DefaultDisallowedDirectives];
        token = policy.UserAgentToken.Trim().ToLowerInvariant();
        respectTdm = policy.RespectTdmReservation;
    }

    /// <summary>Evaluates headers given as name → values (any name case; several headers of a name are several values).</summary>
    public OptOutDecision Evaluate(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers, DateTimeOffset? now = null)
    {
        var robots = new List<string>();
        string? reservation = null;
        string? tdmPolicy = null;
        foreach (var (name, values) in headers)
        {
            if (name.Equals("X-Robots-Tag", StringComparison.OrdinalIgnoreCase))
            {
                robots.AddRange(values);
            }
            else if (name.Equals("tdm-reservation", StringComparison.OrdinalIgnoreCase))
            {
                reservation = values.LastOrDefault()?.Trim();
            }
            else if (name.Equals("tdm-policy", StringComparison.OrdinalIgnoreCase))
            {
                tdmPolicy = values.LastOrDefault()?.Trim();
            }
        }
        var seen = robots.SelectMany(value => Watched(value, now ?? DateTimeOffset.UtcNow)).Distinct().ToList();
        var ignored = seen.Where(s => !disallowed.Contains(s.Directive))
            .Select(s => new OptOutEvidence(OptOutSignal.XRobotsTag, s.Label, null, Ignored: true))
            .ToList();
        if (!respectTdm && reservation == "1")
        {
            ignored.Add(new OptOutEvidence(OptOutSignal.TdmReservation, "tdm-reservation: 1", null, Ignored: true));
        }
        var evidence = new OptOutDecision { XRobotsTag = robots, TdmReservation = reservation, TdmPolicy = tdmPolicy, Ignored = ignored };
        var matched = seen.Where(s => disallowed.Contains(s.Directive)).Select(s => s.Label).ToArray();
        if (matched.Length > 0)
        {
            return evidence with { Signal = OptOutSignal.XRobotsTag, MatchedDirectives = matched };
        }
        if (respectTdm && reservation == "1")
        {
            return evidence with { Signal = OptOutSignal.TdmReservation, MatchedDirectives = ["tdm-reservation: 1"] };
        }
        return evidence;
    }

    /// <summary>
    /// The watched directives of one header value that apply to us, each with the label the evidence shows; an
    /// <c>unavailable_after</c> date in the past stands for <c>noindex</c>, as the search engines define it.
    /// </summary>
    private IEnumerable<(string Directive, string Label)> Watched(string headerValue, DateTimeOffset now)
    {
        foreach (var group in XRobotsTagParser.Parse(headerValue).Where(g => g.Agent is null || g.Agent == token))
        {
            var scope = group.Agent is null ? "" : $"{group.Agent}: ";
            foreach (var directive in group.Directives.Where(watched.Contains))
            {
                yield return (directive, scope + directive);
            }
            if (group.UnavailableAfter is { } text && UnavailableAfterDate.Parse(text) < now && watched.Contains(NoIndex))
            {
                yield return (NoIndex, $"{scope}unavailable_after: {text} (passed, so noindex)");
            }
        }
    }
}
