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
    public const string RobotsTxtUnreachableMessage = "robots.txt could not be fetched, so the whole site is treated as disallowed (RFC 9309)";
    public const string RobotsTxtAiCrawlerMessage = "Use of image for AI training disallowed by robots.txt rules for AI crawlers";
    public const string TdmRepFileMessage = "Use of image reserved by the site's tdmrep.json (W3C TDM Reservation Protocol)";
    public const string ContentUsageMessage = "Use of image for AI training disallowed by Content-Usage (IETF AI preferences)";
    public const string ContentSignalMessage = "Use of image for AI training disallowed by robots.txt Content-Signal";
    public const string IptcDataMiningMessage = "Use of image disallowed by embedded IPTC Data Mining property";
    public const string C2paTrainingMiningMessage = "Use of image disallowed by embedded C2PA training-mining assertion";

    public bool Allowed => Signal == OptOutSignal.None;
    public OptOutSignal Signal { get; init; }
    /// <summary>The directives that excluded the image, as <c>noai</c> or <c>img2dataset: noimageindex</c>.</summary>
    public IReadOnlyList<string> MatchedDirectives { get; init; } = [];
    public IReadOnlyList<string> XRobotsTag { get; init; } = [];
    public string? TdmReservation { get; init; }
    /// <summary>The TDM policy URL a reserving publisher points to (<c>tdm-policy</c>), recorded when present.</summary>
    public string? TdmPolicy { get; init; }
    /// <summary>Where the refusing signal was found: the URL of the response (a redirect hop's too) or of the robots.txt.</summary>
    public string? Source { get; init; }
    /// <summary>The other honoured signals that refused it too, judged at the same step (site files, or headers).</summary>
    public IReadOnlyList<OptOutEvidence> AlsoRefused { get; init; } = [];
    /// <summary>Signals that were seen but that the user chose not to honour, kept so the dataset shows them.</summary>
    public IReadOnlyList<OptOutEvidence> Ignored { get; init; } = [];

    /// <summary>
    /// Whether there is anything for the dataset to record: a refusal or an ignored signal. A TDM policy of an image
    /// allowed is not evidence (a dataset filtered on <c>opt_out IS NOT NULL</c> counts refusals and ignored signals).
    /// </summary>
    public bool HasEvidence => !Allowed || Ignored.Count > 0;

    /// <summary>
    /// The decision of the refusals judged at one step, in the order of precedence: the first one's signal decides
    /// (with every directive of that signal that matched), the others are listed as <see cref="AlsoRefused"/>; null
    /// when nothing refused.
    /// </summary>
    public static OptOutDecision? Refusing(IReadOnlyList<OptOutEvidence> refusals)
    {
        if (refusals.Count == 0)
        {
            return null;
        }
        var first = refusals[0];
        var deciding = refusals.Where(r => r.Signal == first.Signal && r.Source == first.Source).ToList();
        return new OptOutDecision
        {
            Signal = first.Signal,
            MatchedDirectives = deciding.Select(r => r.Matched).ToArray(),
            Source = first.Source,
            AlsoRefused = refusals.Except(deciding).ToArray(),
        };
    }

    /// <summary>The per-row error message of an excluded image; null when allowed.</summary>
    public string? Message => Signal switch
    {
        OptOutSignal.XRobotsTag => XRobotsTagMessage,
        OptOutSignal.TdmReservation => TdmReservationMessage,
        OptOutSignal.RobotsTxt => RobotsTxtMessage,
        OptOutSignal.RobotsTxtUnreachable => RobotsTxtUnreachableMessage,
        OptOutSignal.RobotsTxtAiCrawler => RobotsTxtAiCrawlerMessage,
        OptOutSignal.TdmRepFile => TdmRepFileMessage,
        OptOutSignal.ContentUsage => ContentUsageMessage,
        OptOutSignal.ContentSignal => ContentSignalMessage,
        // Embedded values name what the file said, as "(DMI-PROHIBITED-AIMLTRAINING)".
        OptOutSignal.IptcDataMining => $"{IptcDataMiningMessage} ({string.Join(", ", MatchedDirectives)})",
        OptOutSignal.C2paTrainingMining => $"{C2paTrainingMiningMessage} ({string.Join(", ", MatchedDirectives)})",
        _ => null,
    };

    /// <summary>
    /// The dataset's <c>opt_out</c> value: a JSON object with the refusing signal, what matched and where, the
    /// tdm-policy, and the signals seen but ignored; null when there is nothing to record.
    /// </summary>
    public string? ToMetadata()
    {
        if (!HasEvidence)
        {
            return null;
        }
        var record = new Dictionary<string, object?>();
        if (!Allowed)
        {
            record["signal"] = Signal.ToString();
            record["matched"] = MatchedDirectives;
            record["source"] = Source;
            if (AlsoRefused.Count > 0)
            {
                record["also_refused"] = Evidence(AlsoRefused);
            }
        }
        if (TdmPolicy is not null)
        {
            record["tdm_policy"] = TdmPolicy;
        }
        if (Ignored.Count > 0)
        {
            record["ignored"] = Evidence(Ignored);
        }
        return System.Text.Json.JsonSerializer.Serialize(record);
    }

    private static IEnumerable<Dictionary<string, object?>> Evidence(IEnumerable<OptOutEvidence> seen) =>
        seen.Select(e => new Dictionary<string, object?> { ["signal"] = e.Signal.ToString(), ["matched"] = e.Matched, ["source"] = e.Source });

    public override string ToString() => Allowed ? "allowed" : $"{Signal}: {string.Join(", ", MatchedDirectives)}";
}
