namespace Img2Dataset.Engine.Policy;

/// <summary>Which machine-readable opt-out excluded an image (or was seen).</summary>
public enum OptOutSignal
{
    None,
    XRobotsTag,
    /// <summary>The <c>tdm-reservation</c> response header (W3C TDMRep final report, "TDM Header Field in HTTP Responses").</summary>
    TdmReservation,
    RobotsTxt,
    /// <summary>robots.txt could not be fetched (5xx, 429, network failure): RFC 9309 §2.3.1.4 says assume complete disallow.</summary>
    RobotsTxtUnreachable,
    /// <summary>
    /// A robots.txt group naming a crawler that gathers AI training data (<see cref="AiCrawlerTokens"/>) disallows the
    /// path (RFC 9309 matching): the creator refused AI training by naming its crawlers.
    /// </summary>
    RobotsTxtAiCrawler,
    /// <summary>A rule of the origin's <c>/.well-known/tdmrep.json</c> (W3C TDMRep final report, "TDM File on the Origin Server").</summary>
    TdmRepFile,
    /// <summary>An IETF AI preference, <c>train-ai=n</c>, in a Content-Usage header or robots.txt rule (draft-ietf-aipref-attach-05).</summary>
    ContentUsage,
    /// <summary><c>ai-train=no</c> in a robots.txt Content-Signal line (draft-romm-aipref-contentsignals-00).</summary>
    ContentSignal,
    /// <summary>The IPTC "Data Mining" property (XMP <c>plus:DataMining</c>) embedded in the image.</summary>
    IptcDataMining,
    /// <summary>A C2PA / CAWG training-and-mining assertion embedded in the image.</summary>
    C2paTrainingMining,
}
