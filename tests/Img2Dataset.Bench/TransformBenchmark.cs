using System.Diagnostics;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Input;
using Img2Dataset.ImageServer;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;

namespace Img2Dataset.Bench;

/// <summary>Transform throughput, border 256 JPEG q95, on the photo-like corpus: one worker, then one per core.</summary>
internal static class TransformBenchmark
{
    public static int Run(int count)
    {
        var corpus = Corpus();
        var transformer = new ImageTransformer(new ImageTransformOptions { ImageSize = 256, ResizeMode = ResizeMode.Border, EncodeQuality = 95 });
        Measure(transformer, corpus, Math.Min(count, 600), Environment.ProcessorCount, report: false);
        var single = Measure(transformer, corpus, count, 1, report: true);
        var all = Measure(transformer, corpus, count, Environment.ProcessorCount, report: true);
        Console.WriteLine($"transform border-256 jpg q95: {single:N0} images/s on 1 core, {all:N0} images/s on {Environment.ProcessorCount} cores " +
                          $"({all / Environment.ProcessorCount:N0} per core)");
        return 0;
    }

    private static double Measure(ImageTransformer transformer, DownloadedImage[] corpus, int count, int workers, bool report)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var gcBefore = GcFigures.Now();
        var clock = Stopwatch.StartNew();
        var failures = 0;
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = workers }, i =>
        {
            if (!transformer.Transform(corpus[i % corpus.Length]).Succeeded)
            {
                Interlocked.Increment(ref failures);
            }
        });
        clock.Stop();
        process.Refresh();
        var rate = count / clock.Elapsed.TotalSeconds;
        if (report)
        {
            Console.WriteLine($"  {workers} worker(s): {count:N0} images in {clock.Elapsed.TotalSeconds:N1} s = {rate:N0} images/s, " +
                              $"{(process.TotalProcessorTime - cpuBefore).TotalMilliseconds / count:N2} ms CPU/image, {failures} failed, " +
                              $"peak working set {process.PeakWorkingSet64 / (1024.0 * 1024):N0} MB");
            Console.WriteLine($"    {GcFigures.Now().Since(gcBefore, count)}");
        }
        return rate;
    }

    /// <summary>Photo-like JPEGs (q90) of the sizes web images come in, as the image server serves them.</summary>
    private static DownloadedImage[] Corpus()
    {
        (int W, int H)[] sizes = [(448, 336), (512, 384), (640, 480), (400, 600), (800, 533)];
        var rows = new PlainUrlRows();
        return Enumerable.Range(0, 40).Select(i =>
        {
            var (w, h) = sizes[i % sizes.Length];
            using var photo = PhotoGenerator.Create(w, h, i, withAlpha: false);
            using var jpeg = new MemoryStream();
            photo.SaveAsJpeg(jpeg, new JpegEncoder { Quality = 90 });
            return new DownloadedImage { Row = rows.Next($"http://127.0.0.1/{i}.jpg"), Status = SampleStatus.Success, Bytes = jpeg.ToArray() };
        }).ToArray();
    }
}
