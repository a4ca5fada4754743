namespace Img2Dataset.Engine.Policy;

/// <summary>Which machine-readable opt-out excluded an image.</summary>
public enum OptOutSignal
{
    None,
    XRobotsTag,
    TdmReservation,
    RobotsTxt,
}
