using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace Img2Dataset.Engine.Imaging;

/// <summary>Transparency flattened onto white, as the reference does: out = alpha/255 × colour + (255 − alpha).</summary>
public static class AlphaCompositing
{
    public static bool HasTransparency(Image<Rgba32> image)
    {
        var found = false;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height && !found; y++)
            {
                foreach (var pixel in rows.GetRowSpan(y))
                {
                    if (pixel.A != 255)
                    {
                        found = true;
                        break;
                    }
                }
            }
        });
        return found;
    }

    public static Image<Rgb24> OverWhite(Image<Rgba32> image)
    {
        var flat = new Image<Rgb24>(image.GetConfiguration(), image.Width, image.Height);
        image.ProcessPixelRows(flat, (source, target) =>
        {
            for (var y = 0; y < source.Height; y++)
            {
                var from = source.GetRowSpan(y);
                var to = target.GetRowSpan(y);
                for (var x = 0; x < from.Length; x++)
                {
                    var p = from[x];
                    to[x] = new Rgb24(Over(p.R, p.A), Over(p.G, p.A), Over(p.B, p.A));
                }
            }
        });
        return flat;
    }

    private static byte Over(byte colour, byte alpha) =>
        (byte)Math.Clamp(Math.Round(alpha / 255.0 * colour + 255 - alpha, MidpointRounding.ToEven), 0, 255);
}
