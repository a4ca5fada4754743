namespace Img2Dataset.Engine.Imaging;

/// <summary>The reference's interpolations (OpenCV's INTER_* flags), by the names its options take (<see cref="ImagingNames.Interpolations"/>).</summary>
public enum Interpolation
{
    Nearest,
    Linear,
    Cubic,
    Area,
    Lanczos4,
}
