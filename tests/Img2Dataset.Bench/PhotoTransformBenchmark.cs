using System.Diagnostics;
using System.Security.Cryptography;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Jobs;

namespace Img2Dataset.Bench;

/// <summary>
/// The pixel work alone, as the side-by-side job does it: the real photographs of <c>../shared/bench</c> held in
/// memory, each decoded, resized (border 256), encoded (JPEG q95) and hashed (SHA-256) on one core. Its CPU per image
/// is the floor the whole job is compared with (goal: the job within 1.25 times it). Then the same on every logical CPU
/// at once, with the machine's topology: what running on all of them costs per image.
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
        var work = $"decode{(shrinkOnLoad ? " at reduced scale where it applies" : "")} + border 256 + JPEG q95 + SHA-256";
        var topology = ProcessorTopology.Current;
        Console.WriteLine($"topology: {topology}");
        // The same for the comparison in tools/BuildTools.psm1 to read (ConvertFrom-StringData, one pair a line after ';').
        Console.WriteLine($"topology-values: logical={topology.LogicalProcessors};physical={topology.PhysicalCores};shares-cores={topology.SharesCores.ToString().ToLowerInvariant()}");
        var oneCore = double.MaxValue;
        for (var round = 1; round <= rounds; round++)
        {
            var gcBefore = GcFigures.Now();
            var (perImage, _, failed, peak) = Measure(transformer, photos, workers: 1);
            oneCore = Math.Min(oneCore, perImage);
            Console.WriteLine($"transform alone, round {round}: {photos.Length:N0} photos, {perImage:N2} ms CPU/img on one core ({work}), {failed} failed, peak working set {peak:N0} MB; " +
                              GcFigures.Now().Since(gcBefore, photos.Length));
        }
        // The same photos on every logical CPU at once, as the job runs them: on separate cores each image costs what it
        // costs on one; on logical CPUs that share a core, more CPU time for the same pixels.
        var all = Environment.ProcessorCount;
        var (shared, rate, sharedFailed, _) = Measure(transformer, Enumerable.Repeat(photos, all).SelectMany(p => p).ToArray(), all);
        Console.WriteLine($"transform on all {all} logical CPUs: {photos.Length * all:N0} photos, {shared:N2} ms CPU/img, {rate:N0} img/s, {sharedFailed} failed: " +
                          $"{shared / oneCore:N2} × the CPU per image on one core (about 1 on separate cores, more where logical CPUs share one)");
        return 0;
    }

    private static (double CpuPerImage, double ImagesPerSecond, int Failed, double PeakMegabytes) Measure(ImageTransformer transformer, DownloadedImage[] photos, int workers)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var failed = 0;
        Parallel.ForEach(photos, new ParallelOptions { MaxDegreeOfParallelism = workers }, photo =>
        {
            if (!Transform(transformer, photo))
            {
                Interlocked.Increment(ref failed);
            }
        });
        process.Refresh();
        return ((process.TotalProcessorTime - cpu).TotalMilliseconds / photos.Length, photos.Length / clock.Elapsed.TotalSeconds, failed,
            process.PeakWorkingSet64 / (1024.0 * 1024));
    }

    private static bool Transform(ImageTransformer transformer, DownloadedImage photo)
    {
        SHA256.HashData(photo.Bytes!);
        return transformer.Transform(photo).Succeeded;
    }
}
