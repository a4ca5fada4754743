namespace Img2Dataset.Engine.Policy;

/// <summary>
/// What an origin's site-wide files say of one URL before it is requested: a refusal (robots.txt rules, or an AI
/// preference robots.txt attaches to the path), the signals seen there but ignored by the user's choice, and the
/// tdmrep.json rule that applies, which only a response without a tdm-reservation header leaves in force.
/// </summary>
public sealed record SiteVerdict(OptOutDecision? Refused, IReadOnlyList<OptOutEvidence> Ignored, TdmRepRule? TdmRule)
{
    public static SiteVerdict Nothing { get; } = new(null, [], null);
}
