using System.Diagnostics;
using Img2Dataset.Engine.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Img2Dataset.Bench;

/// <summary>
/// The shrink alone, on the real photographs decoded once and held in memory: each to border 256's scaled size, by
/// <see cref="AreaResizer"/> (what the transform does with the default "area") and by ImageSharp's box resize (what
/// it did before), on one core. The difference is what the resize step saves per image.
/// </summary>
internal static class AreaShrinkBenchmark
{
    private const int Target = 256;

    public static int Run(string folder, int rounds)
    {
        var configuration = Configuration.Default.Clone();
        configuration.MaxDegreeOfParallelism = 1;
        var photos = Directory.EnumerateFiles(folder, "*.jpg").Order(StringComparer.Ordinal)
            .Select(f => Image.Load<Rgb24>(configuration, f))
            .Where(p => Math.Max(p.Width, p.Height) > Target)
            .ToList();
        for (var round = 1; round <= rounds; round++)
        {
            var area = Measure(photos, (photo, size) => AreaResizer.Shrink(photo, size.Width, size.Height));
            var imageSharp = Measure(photos, (photo, size) => photo.Clone(x => x.Resize(new ResizeOptions
            {
                Size = size, Mode = SixLabors.ImageSharp.Processing.ResizeMode.Stretch, Sampler = KnownResamplers.Box, PremultiplyAlpha = false,
            })));
            Console.WriteLine($"shrink to border {Target}, round {round}: {photos.Count:N0} photos larger than {Target}: AreaResizer {area:N3} ms CPU/img, " +
                              $"ImageSharp box resize {imageSharp:N3} ms CPU/img");
        }
        photos.ForEach(p => p.Dispose());
        return 0;
    }

    private static double Measure(List<Image<Rgb24>> photos, Func<Image<Rgb24>, Size, Image<Rgb24>> shrink)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        foreach (var photo in photos)
        {
            var scale = (double)Target / Math.Max(photo.Width, photo.Height);
            var size = new Size(Math.Max(1, (int)Math.Round(photo.Width * scale)), Math.Max(1, (int)Math.Round(photo.Height * scale)));
            shrink(photo, size).Dispose();
        }
        process.Refresh();
        return (process.TotalProcessorTime - cpu).TotalMilliseconds / photos.Count;
    }
}
