using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace Img2Dataset.Engine.Imaging;

/// <summary>Border mode's padding: the image placed at an offset on a white canvas (extra pixel bottom/right).</summary>
public static class Padding
{
    public static Image<TPixel> OnWhite<TPixel>(Image<TPixel> image, int width, int height, int offsetX, int offsetY)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        var white = new TPixel();
        white.FromRgba32(new Rgba32(255, 255, 255, 255));
        var canvas = new Image<TPixel>(image.GetConfiguration(), width, height, white);
        image.ProcessPixelRows(canvas, (source, target) =>
        {
            for (var y = 0; y < source.Height; y++)
            {
                source.GetRowSpan(y).CopyTo(target.GetRowSpan(y + offsetY)[offsetX..]);
            }
        });
        return canvas;
    }
}
