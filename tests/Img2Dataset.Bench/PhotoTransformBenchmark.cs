using System.Diagnostics;
using System.Security.Cryptography;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Input;

namespace Img2Dataset.Bench;

/// <summary>
/// The pixel work alone, as the side-by-side job does it: the real photographs of <c>../shared/bench</c> held in
/// memory, each decoded, resized (border 256), encoded (JPEG q95) and hashed (SHA-256) on one core. Its CPU per image
/// is the floor the whole job is compared with (goal: the job within 1.25 times it).
/// </summary>
internal static class PhotoTransformBenchmark
{
    public static int Run(string folder, int rounds, bool shrinkOnLoad)
    {
        var rows = new PlainUrlRows();
        var photos = Directory.EnumerateFiles(folder, "*.jpg").Order(StringComparer.Ordinal)
            .Select(f => new DownloadedImage { Row = rows.Next(f), Status = SampleStatus.Success, Bytes = File.ReadAllBytes(f) })
            .ToArray();
        var transformer = new ImageTransformer(new ImageTransformOptions { ImageSize = 256, ResizeMode = ResizeMode.Border, EncodeQuality = 95, ShrinkOnLoad = shrinkOnLoad });
        transformer.WarmUp();
        using var process = Process.GetCurrentProcess();
        for (var round = 1; round <= rounds; round++)
        {
            var cpu = process.TotalProcessorTime;
            var failed = photos.Count(photo => !Transform(transformer, photo));
            process.Refresh();
            var perImage = (process.TotalProcessorTime - cpu).TotalMilliseconds / photos.Length;
            Console.WriteLine($"transform alone, round {round}: {photos.Length:N0} photos, {perImage:N2} ms CPU/img on one core " +
                              $"(decode{(shrinkOnLoad ? " at reduced scale where it applies" : "")} + border 256 + JPEG q95 + SHA-256), {failed} failed, peak working set {process.PeakWorkingSet64 / (1024.0 * 1024):N0} MB");
        }
        return 0;
    }

    private static bool Transform(ImageTransformer transformer, DownloadedImage photo)
    {
        SHA256.HashData(photo.Bytes!);
        return transformer.Transform(photo).Succeeded;
    }
}
