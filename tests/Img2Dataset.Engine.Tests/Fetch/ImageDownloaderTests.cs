using System.Text.Json;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Tests.ImageServer;

namespace Img2Dataset.Engine.Tests.Fetch;

public sealed class ImageDownloaderTests(ImageServerFixture server) : IClassFixture<ImageServerFixture>
{
    private static DownloadOptions Options(int threads, int perHost = 16) => new()
    {
        Fetch = new FetchOptions { AllowPrivateNetwork = true, ThreadCount = threads, MaxConnectionsPerHost = perHost, Timeout = TimeSpan.FromSeconds(5) },
    };

    [Fact]
    public async Task EveryRowYieldsExactlyOneResult()
    {
        var paths = Enumerable.Range(0, 60).Select(i => (i % 6) switch
        {
            0 => "images/8x8/1.jpg?status=404",
            1 => "images/8x8/1.jpg?header=X-Robots-Tag:noai",
            2 => "images/8x8/1.jpg?drop=1",
            3 => "broken/empty.jpg",
            _ => $"images/16x16/{i}.png",
        }).ToArray();
        var rows = new PlainUrlRows();
        using var downloader = new ImageDownloader(Options(threads: 8));

        var results = await ToListAsync(downloader.DownloadAsync(paths.Select(p => rows.Next(server.Url(p).ToString()))));

        Assert.Equal(60, results.Count);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => i.ToString("D9")), results.Select(r => r.Key).Order());
        Assert.Equal(30, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(SampleStatus.FailedToDownload, r.Status));
    }

    [Fact]
    public async Task NeverExceedsTheConnectionsPerHost()
    {
        var group = Guid.NewGuid().ToString("N");
        var rows = new PlainUrlRows();
        using var downloader = new ImageDownloader(Options(threads: 32, perHost: 4));

        var results = await ToListAsync(downloader.DownloadAsync(
            Enumerable.Range(0, 40).Select(i => rows.Next(server.Url($"images/8x8/{i}.jpg?delayMs=100&group={group}").ToString()))));

        var stats = JsonDocument.Parse(await new HttpClient().GetStringAsync(server.Url($"_control/peak?group={group}"))).RootElement;
        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(40, stats.GetProperty("requests").GetInt32());
        Assert.InRange(stats.GetProperty("peak").GetInt32(), 2, 4);
    }

    [Fact]
    public async Task CancellationStopsPromptly()
    {
        var rows = new PlainUrlRows();
        using var downloader = new ImageDownloader(Options(threads: 4));
        using var cancel = new CancellationTokenSource();
        var received = 0;

        var run = Task.Run(async () =>
        {
            await foreach (var _ in downloader.DownloadAsync(
                Enumerable.Range(0, 1000).Select(i => rows.Next(server.Url($"images/8x8/{i}.jpg?delayMs=200").ToString())), cancel.Token))
            {
                if (Interlocked.Increment(ref received) == 4)
                {
                    cancel.Cancel();
                }
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        // Not going on with the 1000 rows: only what was in flight at the cancel may still have arrived.
        Assert.InRange(received, 4, 20);
    }

    private static async Task<List<DownloadedImage>> ToListAsync(IAsyncEnumerable<DownloadedImage> images)
    {
        var list = new List<DownloadedImage>();
        await foreach (var image in images)
        {
            list.Add(image);
        }
        return list;
    }
}
