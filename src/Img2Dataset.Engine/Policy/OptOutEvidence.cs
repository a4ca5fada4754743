namespace Img2Dataset.Engine.Policy;

/// <summary>
/// One opt-out signal seen: which, the directive or rule that matched (a robots.txt rule with its line number), where
/// it was found (the response's URL, or the robots.txt's), and whether it was ignored by the user's choice.
/// </summary>
public sealed record OptOutEvidence(OptOutSignal Signal, string Matched, string? Source, bool Ignored = false)
{
    public override string ToString() => $"{Signal}: {Matched}{(Source is null ? "" : $" ({Source})")}";
}
