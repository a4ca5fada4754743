namespace Img2Dataset.Engine.Policy;

/// <summary>
/// One rule of a tdmrep.json: its location pattern, its reservation (0 or 1: a rule with any other value is skipped
/// as faulty), its optional policy URL, and where it was read.
/// </summary>
public sealed record TdmRepRule(string Location, int Reservation, string? Policy, string Source)
{
    public bool Reserves => Reservation == 1;

    /// <summary>How the evidence names the rule, as <c>location "/images/*": tdm-reservation 1</c>.</summary>
    public string Label => $"location \"{Location}\": tdm-reservation {Reservation}";
}
