using System.Diagnostics;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Jobs;
using Img2Dataset.Engine.Output;
using Img2Dataset.Engine.Policy;

namespace Img2Dataset.Bench;

/// <summary>
/// The whole job end to end against the loopback image server: N distinct URLs over a set of cached photo-like JPEGs,
/// download → border-256 JPEG q95 → shards (or with re-encoding disabled), reporting images/s, CPU per image and
/// peak working set of this process. With the consent signals off (no site files, no search of the bytes), the cost of
/// reading them shows as the difference, and with only the AI-crawler groups off, theirs; the server's hit counts show
/// the site files are fetched once per run. The site's robots.txt is a realistic one (<see cref="SiteRobotsTxt"/>),
/// allowing the list's paths, so every image is matched against every group and none is refused.
/// </summary>
internal static class JobBenchmark
{
    private const int DistinctImages = 200;
    // The transform benchmark's corpus sizes, so the two throughputs compare.
    private static readonly string[] Sizes = ["448x336", "512x384", "640x480", "400x600", "800x533"];

    /// <param name="remote">A remote location to write to (az://, s3://) instead of a local folder of the work folder.</param>
    /// <param name="signals">"on", "off" (the reference's header signals only), or "no-ai-crawler" (on but the AI-crawler groups).</param>
    public static async Task<int> RunAsync(string server, int count, string format, bool resize, string workFolder, string signals, string? remote = null)
    {
        var baseUrl = server.TrimEnd('/');
        Directory.CreateDirectory(workFolder);
        // Written anew each run: the server's port changes.
        var list = Path.Combine(workFolder, $"job-urls-{count}.txt");
        await File.WriteAllLinesAsync(list, Enumerable.Range(0, count).Select(i => Url(baseUrl, i % DistinctImages) + $"?n={i}"));
        var output = remote ?? Path.Combine(workFolder, $"job-{format}-{(resize ? "border256" : "noreencode")}-{count}");
        var options = new JobOptions
        {
            UrlList = [list],
            OutputFolder = output,
            OutputFormat = Enum.Parse<OutputFormat>(format, ignoreCase: true),
            IncrementalMode = IncrementalMode.Overwrite,
            Download = new DownloadOptions
            {
                Fetch = new FetchOptions { AllowPrivateNetwork = true, ThreadCount = 64, MaxConnectionsPerHost = 64 },
                OptOut = signals switch
                {
                    "on" => new OptOutPolicy(),
                    "off" => SignalsOff,
                    "no-ai-crawler" => new OptOutPolicy { RespectAiCrawlerRules = false },
                    _ => throw new ArgumentException($"--signals takes on, off or no-ai-crawler, not '{signals}'."),
                },
            },
            Image = new ImageTransformOptions { ImageSize = 256, ResizeMode = ResizeMode.Border, EncodeQuality = 95, DisableAllReencoding = !resize },
        };
        await PutRobotsTxtAsync(baseUrl);
        await WarmUpAsync(baseUrl, options.Download);

        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var gcBefore = GcFigures.Now();
        var siteFilesBefore = await SiteFileHitsAsync(baseUrl);
        var summary = await new Img2DatasetJob(options).RunAsync(null, CancellationToken.None);
        process.Refresh();
        var siteFiles = await SiteFileHitsAsync(baseUrl) - siteFilesBefore;
        Console.WriteLine($"job {count:N0} urls -> {(resize ? "border-256 jpg q95" : "no re-encoding")} -> {format}, consent signals {signals} " +
                          $"({siteFiles} site-file requests) into {(remote is null ? "a local folder" : remote)}: {summary.Successes:N0} ok, " +
                          $"{summary.BytesWritten / (1024.0 * 1024) / summary.Duration.TotalSeconds:N1} MB/s written, " +
                          $"{summary.ImagesPerSecond:N0} images/s, {(process.TotalProcessorTime - cpuBefore).TotalMilliseconds / count:N2} ms CPU/image (client), " +
                          $"peak working set {process.PeakWorkingSet64 / (1024.0 * 1024):N0} MB");
        Console.WriteLine($"  {GcFigures.Now().Since(gcBefore, count)}");
        if (remote is null)
        {
            Directory.Delete(output, recursive: true);
        }
        return summary.Successes == count ? 0 : 1;
    }

    /// <summary>Only the header signals the reference reads: X-Robots-Tag and tdm-reservation.</summary>
    private static readonly OptOutPolicy SignalsOff = new()
    {
        RespectAiCrawlerRules = false,
        RespectTdmRepFile = false,
        RespectContentUsage = false,
        RespectContentSignal = false,
        RespectIptcDataMining = false,
        RespectC2paTrainingMining = false,
    };

    /// <summary>
    /// A robots.txt as sites write them today: a managed Content-Signal line for everyone, and groups for the AI
    /// crawlers of the shipped list keeping them out of a members' area the list never reaches.
    /// </summary>
    internal static string SiteRobotsTxt => string.Join("\n",
        ["User-agent: *", "Content-Signal: search=yes, ai-train=yes", "Allow: /", "",
         .. AiCrawlerTokens.Default.SelectMany(token => new[] { $"User-agent: {token}", "Disallow: /members/", "Disallow: /*.pdf$", "" })]);

    private static async Task PutRobotsTxtAsync(string baseUrl)
    {
        using var client = new HttpClient();
        using var reply = await client.PutAsync($"{baseUrl}/_control/robots", new StringContent(SiteRobotsTxt));
        reply.EnsureSuccessStatusCode();
    }

    private static async Task<int> SiteFileHitsAsync(string baseUrl)
    {
        using var client = new HttpClient();
        var hits = 0;
        foreach (var path in new[] { "/robots.txt", "/.well-known/tdmrep.json" })
        {
            using var reply = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync($"{baseUrl}/_control/hits?path={Uri.EscapeDataString(path)}"));
            hits += reply.RootElement.GetProperty("hits").GetInt32();
        }
        return hits;
    }

    private static string Url(string baseUrl, int image) => $"{baseUrl}/images/{Sizes[image % Sizes.Length]}/{image}.jpg";

    /// <summary>Has the server generate and cache the distinct images first, so the run measures serving, not encoding.</summary>
    private static async Task WarmUpAsync(string baseUrl, DownloadOptions download)
    {
        using var downloader = new ImageDownloader(download);
        var rows = new PlainUrlRows();
        await foreach (var _ in downloader.DownloadAsync(Enumerable.Range(0, DistinctImages).Select(i => rows.Next(Url(baseUrl, i)))))
        {
        }
    }
}
