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
    private readonly bool respectContentUsage;
    private readonly bool respectContentSignal;

    public OptOutEvaluator(OptOutPolicy policy)
    {
        policy.Validate();
        disallowed = policy.Directives().ToHashSet(StringComparer.Ordinal);
        watched = [.. disallowed, .. OptOutPolicy.DefaultDisallowedDirectives];
        token = policy.UserAgentToken.Trim().ToLowerInvariant();
        respectTdm = policy.RespectTdmReservation;
        respectContentUsage = policy.RespectContentUsage;
        respectContentSignal = policy.RespectContentSignal;
    }

    /// <summary>
    /// Evaluates headers given as name → values (any name case; several headers of a name are several values), with
    /// the tdmrep.json rule of the response's URL, which applies only when the response has no valid tdm-reservation
    /// header ("The values ... found in this header supercede any value inferred from a TDM file", TDMRep report,
    /// "Processing priority").
    /// </summary>
    public OptOutDecision Evaluate(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers, DateTimeOffset? now = null, TdmRepRule? tdmFileRule = null)
    {
        var robots = new List<string>();
        var contentUsage = new List<string>();
        var contentSignal = new List<string>();
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
            else if (name.Equals("Content-Usage", StringComparison.OrdinalIgnoreCase))
            {
                contentUsage.AddRange(values);
            }
            else if (name.Equals("Content-Signal", StringComparison.OrdinalIgnoreCase))
            {
                contentSignal.AddRange(values);
            }
        }
        var seen = robots.SelectMany(value => Watched(value, now ?? DateTimeOffset.UtcNow)).Distinct().ToList();
        var ignored = seen.Where(s => !disallowed.Contains(s.Directive))
            .Select(s => new OptOutEvidence(OptOutSignal.XRobotsTag, s.Label, null, Ignored: true))
            .ToList();
        var tdm = Tdm(reservation, tdmPolicy, tdmFileRule);
        // RFC 9651 §4.2: several field lines are one value, joined by commas.
        var usage = contentUsage.Count == 0 ? [] : AiPreferences.RefusedUsage(string.Join(", ", contentUsage));
        var signals = contentSignal.Count == 0 ? [] : AiPreferences.RefusedSignals(string.Join(", ", contentSignal));
        var refusals = new List<OptOutEvidence>();
        Weigh(true, seen.Where(s => disallowed.Contains(s.Directive)).Select(s => new OptOutEvidence(OptOutSignal.XRobotsTag, s.Label, null)), refusals, ignored);
        Weigh(respectTdm, tdm.Reserved ? [new OptOutEvidence(tdm.Signal, tdm.Matched, tdm.Source)] : [], refusals, ignored);
        Weigh(respectContentUsage, usage.Select(u => new OptOutEvidence(OptOutSignal.ContentUsage, u, null)), refusals, ignored);
        Weigh(respectContentSignal, signals.Select(u => new OptOutEvidence(OptOutSignal.ContentSignal, u, null)), refusals, ignored);
        return (OptOutDecision.Refusing(refusals) ?? OptOutDecision.Allow) with
        {
            XRobotsTag = robots, TdmReservation = reservation, TdmPolicy = tdm.Policy, Ignored = ignored,
        };
    }

    /// <summary>Adds what one signal refused to the refusals when it is honoured, else to the ignored evidence.</summary>
    private static void Weigh(bool honoured, IEnumerable<OptOutEvidence> refusing, List<OptOutEvidence> refusals, List<OptOutEvidence> ignored)
    {
        if (honoured)
        {
            refusals.AddRange(refusing);
        }
        else
        {
            ignored.AddRange(refusing.Select(e => e with { Ignored = true }));
        }
    }

    /// <summary>
    /// The TDM reservation in force: the header's when it is 0 or 1, else the file rule's. A tdm-policy header
    /// names the policy even where the file's rule reserves ("The values of tdm-reservation and tdm-policy found in
    /// this header supercede any value inferred from a TDM file", TDMRep final report, "Processing priority").
    /// </summary>
    private static TdmState Tdm(string? header, string? headerPolicy, TdmRepRule? fileRule) =>
        header is "0" or "1" || fileRule is null
            ? new TdmState(header == "1", OptOutSignal.TdmReservation, "tdm-reservation: 1", null, headerPolicy)
            : new TdmState(fileRule.Reserves, OptOutSignal.TdmRepFile, fileRule.Label, fileRule.Source, headerPolicy ?? (fileRule.Reserves ? fileRule.Policy : null));

    private readonly record struct TdmState(bool Reserved, OptOutSignal Signal, string Matched, string? Source, string? Policy);

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
