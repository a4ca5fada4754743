using System.Diagnostics;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Jobs;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.Bench;

/// <summary>
/// The job against a hostile web: one URL in ten is an endless body, a redirect to a location without a host, a
/// GIF of 10,000 full-canvas frames, a stall past the timeout or a trickle; and, with <c>--sites</c>, one in ten is on
/// another origin whose site files are hostile (<see cref="ImageServer.HostileSite"/>: a 400 KB robots.txt with a
/// pattern built to backtrack, files that cannot be read, a tdmrep.json location built to backtrack), each with a long
/// path for the patterns to chew on. With default limits it must end, account for every input row in the metadata,
/// and stay within its memory goal (under 600 MB).
/// </summary>
internal static class SoakBenchmark
{
    private const long PeakGoalBytes = 600L * 1024 * 1024;
    private static readonly string[] Hostile =
    [
        "images/448x336/{0}.jpg?endless=1",
        "images/448x336/{0}.jpg?location=about%3Ablank",
        "bombs/frames.gif?size=1000&frames=10000&n={0}",
        "images/448x336/{0}.jpg?delayMs=5000",
        "images/448x336/{0}.jpg?bodyBytes=200000&trickleMs=200",
    ];

    public static async Task<int> RunAsync(string server, int count, string workFolder, IReadOnlyList<string> sites)
    {
        var baseUrl = server.TrimEnd('/');
        Directory.CreateDirectory(workFolder);
        var list = Path.Combine(workFolder, $"soak-urls-{count}.txt");
        await File.WriteAllLinesAsync(list, Enumerable.Range(0, count).Select(i => i % 10 == 8 && sites.Count > 0
            ? $"{sites[i / 10 % sites.Count].TrimEnd('/')}/images/448x336/{i % 200}.jpg?n={i}&pad={LongPad}"
            : $"{baseUrl}/{PathOf(i)}"));
        var output = Path.Combine(workFolder, $"soak-{count}");
        var options = new JobOptions
        {
            UrlList = [list],
            OutputFolder = output,
            OutputFormat = OutputFormat.WebDataset,
            IncrementalMode = IncrementalMode.Overwrite,
            Download = new DownloadOptions { Fetch = new FetchOptions { AllowPrivateNetwork = true, ThreadCount = 64, MaxConnectionsPerHost = 64, Timeout = TimeSpan.FromSeconds(3) } },
            Image = new ImageTransformOptions { ImageSize = 256 },
        };
        using var process = Process.GetCurrentProcess();
        var clock = Stopwatch.StartNew();
        var summary = await new Img2DatasetJob(options).RunAsync(null, CancellationToken.None);
        process.Refresh();
        var metadataRows = DatasetReader.CompleteShards(output).Sum(s => DatasetReader.ReadMetadata(Path.Combine(output, s + ".parquet")).Count());
        var peak = process.PeakWorkingSet64;
        Console.WriteLine($"soak {count:N0} urls, 10% hostile{(sites.Count > 0 ? $", 10% on {sites.Count} origins with hostile site files" : "")} -> border-256 -> webdataset: {clock.Elapsed.TotalSeconds:N1} s, " +
                          $"{metadataRows:N0} metadata rows for {count:N0} input rows, {summary.Successes:N0} ok, peak working set {peak / (1024.0 * 1024):N0} MB (goal < {PeakGoalBytes >> 20} MB)");
        foreach (var (message, times) in summary.TopErrors.Take(6))
        {
            Console.WriteLine($"  {times,6:N0} x {message}");
        }
        Directory.Delete(output, recursive: true);
        return metadataRows == count && peak < PeakGoalBytes ? 0 : 1;
    }

    private static readonly string LongPad = new('a', 3000);

    private static string PathOf(int i) => i % 10 == 9
        ? string.Format(System.Globalization.CultureInfo.InvariantCulture, Hostile[i / 10 % Hostile.Length], i)
        : $"images/448x336/{i % 200}.jpg?n={i}";
}
