namespace Img2Dataset.Engine.Policy;

/// <summary>Which machine-readable opt-out excluded an image (or was seen).</summary>
public enum OptOutSignal
{
    None,
    XRobotsTag,
    TdmReservation,
    RobotsTxt,
    /// <summary>robots.txt could not be fetched (5xx, 429, network failure): RFC 9309 §2.3.1.4 says assume complete disallow.</summary>
    RobotsTxtUnreachable,
}
