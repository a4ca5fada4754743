namespace Img2Dataset.Engine.Policy;

/// <summary>What an audit found over all its URLs: how many were allowed, refused (by which signal) or undecided.</summary>
public sealed class AuditTally
{
    private readonly SortedDictionary<string, long> refusedBySignal = new(StringComparer.Ordinal);
    private long audited;
    private long allowed;
    private long undecided;

    public void Add(OptOutVerdict verdict)
    {
        audited++;
        switch (verdict.Allowed)
        {
            case true:
                allowed++;
                break;
            case false:
                var signal = verdict.Signal.ToString()!;
                refusedBySignal[signal] = refusedBySignal.GetValueOrDefault(signal) + 1;
                break;
            default:
                undecided++;
                break;
        }
    }

    /// <summary>One line: "Audited 40 URLs: 31 allowed, 6 refused (XRobotsTag 4, TdmReservation 2), 3 undecided (no headers could be had)."</summary>
    public string Describe()
    {
        var refused = refusedBySignal.Values.Sum();
        var bySignal = refused == 0 ? "" : $" ({string.Join(", ", refusedBySignal.Select(p => $"{p.Key} {p.Value:N0}"))})";
        return $"Audited {audited:N0} URLs: {allowed:N0} allowed, {refused:N0} refused{bySignal}, {undecided:N0} undecided (no headers could be had).";
    }
}
