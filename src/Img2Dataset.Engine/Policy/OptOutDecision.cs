namespace Img2Dataset.Engine.Policy;

/// <summary>
/// Whether an image may be used, and the evidence: the signal and directives that excluded it, and the raw header
/// values the decision was made from, so a dataset can prove why each image is absent.
/// </summary>
public sealed record OptOutDecision
{
    public static OptOutDecision Allow { get; } = new();

    public const string XRobotsTagMessage = "Use of image disallowed by X-Robots-Tag directive";
    public const string TdmReservationMessage = "Use of image reserved by tdm-reservation header (W3C TDM Reservation Protocol)";
    public const string RobotsTxtMessage = "Use of image disallowed by robots.txt";

    public bool Allowed => Signal == OptOutSignal.None;
    public OptOutSignal Signal { get; init; }
    /// <summary>The directives that excluded the image, as <c>noai</c> or <c>img2dataset: noimageindex</c>.</summary>
    public IReadOnlyList<string> MatchedDirectives { get; init; } = [];
    public IReadOnlyList<string> XRobotsTag { get; init; } = [];
    public string? TdmReservation { get; init; }
    /// <summary>The TDM policy URL a reserving publisher points to (<c>tdm-policy</c>), recorded when present.</summary>
    public string? TdmPolicy { get; init; }

    /// <summary>The per-row error message of an excluded image; null when allowed.</summary>
    public string? Message => Signal switch
    {
        OptOutSignal.XRobotsTag => XRobotsTagMessage,
        OptOutSignal.TdmReservation => TdmReservationMessage,
        OptOutSignal.RobotsTxt => RobotsTxtMessage,
        _ => null,
    };

    public override string ToString() => Allowed ? "allowed" : $"{Signal}: {string.Join(", ", MatchedDirectives)}";
}
