using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing.Processors.Transforms;

namespace Img2Dataset.Engine.Imaging;

/// <summary>
/// OpenCV's INTER_LANCZOS4, the reference's upscale interpolation: the Lanczos kernel of radius 4,
/// sinc(x)·sinc(x/4) on |x| &lt; 4 (eight taps when enlarging), which ImageSharp does not ship (it has radii 2, 3, 5
/// and 8). The weights of each output pixel are normalised to sum to one by ImageSharp's resizer, as OpenCV does.
/// </summary>
public readonly struct Lanczos4Resampler : IResampler
{
    private const float Lobes = 4;

    public float Radius => Lobes;

    public float GetValue(float x)
    {
        x = MathF.Abs(x);
        return x < Lobes ? Sinc(x) * Sinc(x / Lobes) : 0;
    }

    public void ApplyTransform<TPixel>(IResamplingTransformImageProcessor<TPixel> processor)
        where TPixel : unmanaged, IPixel<TPixel> => processor.ApplyTransform(in this);

    private static float Sinc(float x)
    {
        if (MathF.Abs(x) < 1e-6f)
        {
            return 1;
        }
        var angle = MathF.PI * x;
        return MathF.Sin(angle) / angle;
    }
}
