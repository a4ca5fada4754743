using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Input;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Img2Dataset.Bench;

/// <summary>
/// How far our pixels are from the reference's: each photo transformed as the job does (border 256, JPEG q95), with
/// and without -ShrinkOnLoad, against the reference's own output of it (written by reference-outputs.py), as PSNR over
/// the decoded RGB values; the photos that shrink-on-load decodes at reduced scale are also reported apart.
/// </summary>
internal static class ReferencePsnrBenchmark
{
    public static int Run(string photos, string reference)
    {
        var rows = new PlainUrlRows();
        var full = new ImageTransformer(new ImageTransformOptions { ImageSize = 256, ResizeMode = ResizeMode.Border, EncodeQuality = 95 });
        var shrunk = new ImageTransformer(new ImageTransformOptions { ImageSize = 256, ResizeMode = ResizeMode.Border, EncodeQuality = 95, ShrinkOnLoad = true });
        var results = Directory.EnumerateFiles(reference, "*.jpg").Order(StringComparer.Ordinal).Select(expected =>
        {
            var bytes = File.ReadAllBytes(Path.Combine(photos, Path.GetFileName(expected)));
            var download = new DownloadedImage { Row = rows.Next(expected), Status = SampleStatus.Success, Bytes = bytes };
            var info = Image.Identify(bytes);
            // Border 256 scales the longer side to 256: a photo twice that or more is decoded at reduced scale.
            var reduced = Math.Max(info.Width, info.Height) >= 512;
            var wanted = File.ReadAllBytes(expected);
            return (Full: Psnr(full.Transform(download).Bytes!, wanted), Shrunk: Psnr(shrunk.Transform(download).Bytes!, wanted), Reduced: reduced);
        }).ToList();
        Report("all photos", results);
        Report("photos decoded at reduced scale", results.Where(r => r.Reduced).ToList());
        return 0;
    }

    private static void Report(string label, IReadOnlyList<(double Full, double Shrunk, bool Reduced)> results)
    {
        if (results.Count == 0)
        {
            return;
        }
        static string Figures(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return $"median {sorted[sorted.Count / 2]:N1} dB, 5th percentile {sorted[sorted.Count / 20]:N1}, min {sorted[0]:N1}";
        }
        Console.WriteLine($"PSNR against the reference's outputs, {label} ({results.Count}): full decode {Figures(results.Select(r => r.Full))}; " +
                          $"-ShrinkOnLoad {Figures(results.Select(r => r.Shrunk))}");
    }

    private static double Psnr(byte[] ours, byte[] theirs)
    {
        using var a = Image.Load<Rgb24>(ours);
        using var b = Image.Load<Rgb24>(theirs);
        if (a.Width != b.Width || a.Height != b.Height)
        {
            return 0;
        }
        double squares = 0;
        for (var y = 0; y < a.Height; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                var (p, q) = (a[x, y], b[x, y]);
                squares += Square(p.R - q.R) + Square(p.G - q.G) + Square(p.B - q.B);
            }
        }
        var meanSquare = squares / (3.0 * a.Width * a.Height);
        return meanSquare == 0 ? 99 : 10 * Math.Log10(255.0 * 255.0 / meanSquare);
    }

    private static double Square(int value) => (double)value * value;
}
