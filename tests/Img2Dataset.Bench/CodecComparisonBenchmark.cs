using System.Diagnostics;
using NetVips;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SkiaSharp;
using Img2Dataset.Engine.Imaging;

namespace Img2Dataset.Bench;

/// <summary>
/// The codecs issue 27 names, side by side on the real photographs held in memory, one core: each step alone (full
/// decode, decode at reduced scale, resize to 256 on the longer side, JPEG q95 encode) and the whole of it, for
/// ImageSharp (the module's transform), SkiaSharp (libjpeg-turbo) and NetVips (libvips' thumbnail, shrink-on-load
/// inside). Padding and hashing are left out: they cost the same whichever codec decodes.
/// </summary>
internal static class CodecComparisonBenchmark
{
    private const int Target = 256;

    public static int Run(string folder, int rounds)
    {
        var photos = Directory.EnumerateFiles(folder, "*.jpg").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
        NetVips.NetVips.Concurrency = 1;
        Cache.Max = 0;
        var steps = new (string Name, Action<byte[]> Work)[]
        {
            ("ImageSharp: decode", bytes => { using var image = SixLabors.ImageSharp.Image.Load<Rgb24>(bytes); }),
            ("ImageSharp: decode + resize + encode", ImageSharpWhole),
            ("Skia: decode", bytes => { using var bitmap = SKBitmap.Decode(bytes); }),
            ("Skia: decode at reduced scale", bytes => { using var bitmap = SkiaScaledDecode(bytes); }),
            ("Skia: decode at reduced scale + resize + encode", SkiaWhole),
            ("Skia: decode + resize + encode", bytes => SkiaEncode(SKBitmap.Decode(bytes))),
            ("libvips: decode", bytes => { using var image = NetVips.Image.NewFromBuffer(bytes, access: Enums.Access.Sequential); image.Avg(); }),
            ("libvips: thumbnail (shrink-on-load + resize) + encode", bytes => { using var image = NetVips.Image.ThumbnailBuffer(bytes, Target, height: Target); image.JpegsaveBuffer(q: 95); }),
            ("libvips: decode + resize + encode (no shrink-on-load)", bytes =>
            {
                using var image = NetVips.Image.NewFromBuffer(bytes, access: Enums.Access.Sequential);
                using var resized = image.Resize((double)Target / Math.Max(image.Width, image.Height));
                resized.JpegsaveBuffer(q: 95);
            }),
        };
        using var process = Process.GetCurrentProcess();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (name, work) in steps)
            {
                var cpu = process.TotalProcessorTime;
                foreach (var photo in photos)
                {
                    work(photo);
                }
                process.Refresh();
                Console.WriteLine($"codecs, round {round}: {name}: {(process.TotalProcessorTime - cpu).TotalMilliseconds / photos.Length:N2} ms CPU/img ({photos.Length:N0} photos, one core)");
            }
        }
        return 0;
    }

    private static void ImageSharpWhole(byte[] bytes)
    {
        using var image = SixLabors.ImageSharp.Image.Load<Rgb24>(bytes);
        var (width, height) = Scaled(image.Width, image.Height);
        image.Mutate(x => x.Resize(width, height, KnownResamplers.Bicubic));
        using var output = new MemoryStream();
        image.SaveAsJpeg(output, new JpegEncoder { Quality = 95 });
    }

    private static SKBitmap SkiaScaledDecode(byte[] bytes)
    {
        using var codec = SKCodec.Create(new MemoryStream(bytes));
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var (neededWidth, neededHeight) = Scaled(width, height);
        var denominator = ScaledJpegDecoder.Denominator(width, height, neededWidth, neededHeight);
        var size = codec.GetScaledDimensions(1f / denominator);
        var bitmap = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        return bitmap;
    }

    private static void SkiaWhole(byte[] bytes) => SkiaEncode(SkiaScaledDecode(bytes));

    private static void SkiaEncode(SKBitmap decoded)
    {
        using (decoded)
        {
            var (width, height) = Scaled(decoded.Width, decoded.Height);
            var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
            using var resized = decoded.Resize(info, new SKSamplingOptions(SKCubicResampler.CatmullRom));
            using var data = resized.Encode(SKEncodedImageFormat.Jpeg, 95);
        }
    }

    /// <summary>The size with the longer side at the target, as every codec here resizes to.</summary>
    private static (int Width, int Height) Scaled(int width, int height)
    {
        var scale = (double)Target / Math.Max(width, height);
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }
}
