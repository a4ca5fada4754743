namespace Img2Dataset.Engine.Policy;

/// <summary>Decides from response headers whether an image may be used under an <see cref="OptOutPolicy"/>.</summary>
public sealed class OptOutEvaluator
{
    private readonly HashSet<string> disallowed;
    private readonly string token;
    private readonly bool respectTdm;

    public OptOutEvaluator(OptOutPolicy policy)
    {
        policy.Validate();
        disallowed = policy.DisallowedDirectives.Select(d => d.Trim().ToLowerInvariant()).Where(d => d.Length > 0).ToHashSet(StringComparer.Ordinal);
        token = policy.UserAgentToken.Trim().ToLowerInvariant();
        respectTdm = policy.RespectTdmReservation;
    }

    /// <summary>Evaluates headers given as name → values (any name case; several headers of a name are several values).</summary>
    public OptOutDecision Evaluate(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers)
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
        var evidence = new OptOutDecision { XRobotsTag = robots, TdmReservation = reservation, TdmPolicy = tdmPolicy };
        var matched = robots.SelectMany(MatchedDirectives).Distinct().ToArray();
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

    private IEnumerable<string> MatchedDirectives(string headerValue) =>
        from gr in XRobotsTagParser.Parse(headerValue)
        where gr.Agent is null || gr.Agent == token
        from directive in gr.Directives
        where disallowed.Contains(directive)
        select gr.Agent is null ? directive : $"{gr.Agent}: {directive}";
}
