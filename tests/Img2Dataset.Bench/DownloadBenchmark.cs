using System.Diagnostics;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Input;

namespace Img2Dataset.Bench;

/// <summary>
/// Download throughput against the loopback image server (another process, sharing the cores): resizing off, output
/// discarded. Distinct URLs over a set of cached images, so the server serves bytes rather than encoding them.
/// </summary>
internal static class DownloadBenchmark
{
    private const int DistinctImages = 200;

    public static async Task<int> RunAsync(string server, int count, string size, int threads)
    {
        var baseUrl = server.TrimEnd('/');
        var options = new DownloadOptions
        {
            Fetch = new FetchOptions { AllowPrivateNetwork = true, ThreadCount = threads, MaxConnectionsPerHost = threads },
        };
        using var downloader = new ImageDownloader(options);
        var rows = new PlainUrlRows();
        await foreach (var _ in downloader.DownloadAsync(Enumerable.Range(0, DistinctImages).Select(i => rows.Next($"{baseUrl}/images/{size}/{i}.jpg"))))
        {
        }

        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        long bytes = 0, successes = 0;
        await foreach (var image in downloader.DownloadAsync(
            Enumerable.Range(0, count).Select(i => rows.Next($"{baseUrl}/images/{size}/{i % DistinctImages}.jpg?n={i}"))))
        {
            bytes += image.Length;
            successes += image.Succeeded ? 1 : 0;
        }
        clock.Stop();
        process.Refresh();
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"download {count:N0} x {size} jpg (~{bytes / Math.Max(1, successes) / 1024:N0} KB), {threads} threads: " +
                          $"{successes:N0} ok, {count / seconds:N0} images/s, {bytes / seconds / (1024 * 1024):N1} MB/s, " +
                          $"{(process.TotalProcessorTime - cpuBefore).TotalMilliseconds / count:N2} ms CPU/image (client), " +
                          $"peak working set {process.PeakWorkingSet64 / (1024.0 * 1024):N0} MB");
        return successes == count ? 0 : 1;
    }
}
