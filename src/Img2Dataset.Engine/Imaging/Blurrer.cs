using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Img2Dataset.Engine.Input;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Img2Dataset.Engine.Imaging;

/// <summary>
/// The reference's bounding-box blur, step for step (IMG2DATASET-SPEC §5): boxes grown by 10% of their larger side make
/// a mask; image and mask get a Gaussian blur whose kernel size comes from the largest box (sigma derived from the
/// kernel size as OpenCV does, reflect-101 borders); the image is blended through the blurred mask in float32 and
/// truncated back to bytes. Only the region the blurred mask can reach is convolved.
/// </summary>
public static class Blurrer
{
    public static void Apply<TPixel>(Image<TPixel> image, IReadOnlyList<BoundingBox> boxes)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        if (boxes.Count == 0)
        {
            return;
        }
        int width = image.Width, height = image.Height, channels = Unsafe.SizeOf<TPixel>();
        var mask = new float[width * height];
        var maxSide = 0;
        var (left, top, right, bottom) = (width, height, 0, 0);
        foreach (var box in boxes)
        {
            int x0 = Scale(box.XMin, width, box.SinglePrecision), y0 = Scale(box.YMin, height, box.SinglePrecision);
            int x1 = Scale(box.XMax, width, box.SinglePrecision), y1 = Scale(box.YMax, height, box.SinglePrecision);
            var side = Math.Max(x1 - x0, y1 - y0);
            maxSide = Math.Max(maxSide, side);
            x0 = Math.Clamp((int)(x0 - 0.1 * side), 0, width - 1);
            y0 = Math.Clamp((int)(y0 - 0.1 * side), 0, height - 1);
            x1 = Math.Clamp((int)(x1 + 0.1 * side), 0, width - 1);
            y1 = Math.Clamp((int)(y1 + 0.1 * side), 0, height - 1);
            for (var y = y0; y < y1; y++)
            {
                mask.AsSpan(y * width + x0, Math.Max(0, x1 - x0)).Fill(1f);
            }
            (left, top, right, bottom) = (Math.Min(left, x0), Math.Min(top, y0), Math.Max(right, x1), Math.Max(bottom, y1));
        }
        var kernel = Kernel(maxSide);
        var reach = kernel.Length / 2;
        var region = new Region(Math.Max(0, left - reach), Math.Max(0, top - reach), Math.Min(width, right + reach), Math.Min(height, bottom + reach));
        if (region.Width <= 0 || region.Height <= 0)
        {
            return;
        }
        var pixels = ReadUnitFloats(image, channels);
        var blurredMask = Convolve(mask, width, height, 1, kernel, region);
        var blurredPixels = Convolve(pixels, width, height, channels, kernel, region);
        Blend(pixels, width, channels, blurredPixels, blurredMask, region);
        WriteTruncated(image, pixels, channels);
    }

    private static int Scale(double fraction, int size, bool singlePrecision) =>
        singlePrecision ? (int)((float)fraction * size) : (int)(fraction * size);

    private static float[] Kernel(int maxSide)
    {
        var sigma = 0.1 * maxSide;
        var size = Math.Max(3, (int)(2 * Math.Ceiling(sigma) + 1));
        size += size % 2 == 0 ? 1 : 0;
        var kernelSigma = 0.3 * ((size - 1) * 0.5 - 1) + 0.8;
        var weights = Enumerable.Range(0, size).Select(i => Math.Exp(-Math.Pow(i - (size - 1) / 2.0, 2) / (2 * kernelSigma * kernelSigma))).ToArray();
        var sum = weights.Sum();
        return weights.Select(w => (float)(w / sum)).ToArray();
    }

    /// <summary>Separable convolution of <paramref name="source"/> evaluated inside <paramref name="region"/> only.</summary>
    private static float[] Convolve(float[] source, int width, int height, int channels, float[] kernel, Region region)
    {
        var reach = kernel.Length / 2;
        var horizontal = new float[height * region.Width * channels];
        for (var y = 0; y < height; y++)
        {
            for (var x = region.Left; x < region.Right; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    var sum = 0f;
                    for (var k = 0; k < kernel.Length; k++)
                    {
                        sum += kernel[k] * source[(y * width + Reflect(x + k - reach, width)) * channels + c];
                    }
                    horizontal[(y * region.Width + x - region.Left) * channels + c] = sum;
                }
            }
        }
        var result = new float[region.Height * region.Width * channels];
        for (var y = region.Top; y < region.Bottom; y++)
        {
            for (var x = 0; x < region.Width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    var sum = 0f;
                    for (var k = 0; k < kernel.Length; k++)
                    {
                        sum += kernel[k] * horizontal[(Reflect(y + k - reach, height) * region.Width + x) * channels + c];
                    }
                    result[((y - region.Top) * region.Width + x) * channels + c] = sum;
                }
            }
        }
        return result;
    }

    /// <summary>OpenCV's BORDER_REFLECT_101: gfedcb|abcdefgh|gfedcba.</summary>
    private static int Reflect(int index, int length)
    {
        if (length == 1)
        {
            return 0;
        }
        while (index < 0 || index >= length)
        {
            index = index < 0 ? -index : 2 * length - index - 2;
        }
        return index;
    }

    private static void Blend(float[] pixels, int width, int channels, float[] blurredPixels, float[] blurredMask, Region region)
    {
        for (var y = region.Top; y < region.Bottom; y++)
        {
            for (var x = region.Left; x < region.Right; x++)
            {
                var local = (y - region.Top) * region.Width + x - region.Left;
                var weight = blurredMask[local];
                for (var c = 0; c < channels; c++)
                {
                    var at = (y * width + x) * channels + c;
                    pixels[at] = pixels[at] * (1f - weight) + blurredPixels[local * channels + c] * weight;
                }
            }
        }
    }

    private static float[] ReadUnitFloats<TPixel>(Image<TPixel> image, int channels) where TPixel : unmanaged, IPixel<TPixel>
    {
        var values = new float[image.Width * image.Height * channels];
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var bytes = MemoryMarshal.AsBytes(rows.GetRowSpan(y));
                for (var i = 0; i < bytes.Length; i++)
                {
                    values[y * bytes.Length + i] = bytes[i] / 255f;
                }
            }
        });
        return values;
    }

    private static void WriteTruncated<TPixel>(Image<TPixel> image, float[] values, int channels) where TPixel : unmanaged, IPixel<TPixel>
    {
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var bytes = MemoryMarshal.AsBytes(rows.GetRowSpan(y));
                for (var i = 0; i < bytes.Length; i++)
                {
                    bytes[i] = (byte)(values[y * bytes.Length + i] * 255f);
                }
            }
        });
    }

    private readonly record struct Region(int Left, int Top, int Right, int Bottom)
    {
        public int Width => Right - Left;
        public int Height => Bottom - Top;
    }
}
