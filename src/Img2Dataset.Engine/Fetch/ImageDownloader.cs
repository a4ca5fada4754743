using System.Runtime.CompilerServices;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Jobs;

namespace Img2Dataset.Engine.Fetch;

/// <summary>
/// The download stage: one shared client, ThreadCount downloads at once, at most ThreadCount more finished images
/// waiting to be taken (about 2 × ThreadCount in memory), results in completion order.
/// </summary>
public sealed class ImageDownloader : IDisposable
{
    private readonly HttpClient client;
    private readonly HttpClient freshConnections;
    private readonly ImageFetcher fetcher;
    private readonly int threadCount;

    /// <param name="options">How to download.</param>
    /// <param name="trace">Where retries and their waits are told, for a debug stream.</param>
    /// <param name="warn">Where faults of a site's signals are told once each, for a warning stream.</param>
    public ImageDownloader(DownloadOptions options, Action<string>? trace = null, Action<string>? warn = null)
    {
        options.Validate();
        client = HttpClientFactory.Create(options.Fetch);
        freshConnections = HttpClientFactory.Create(options.Fetch, pooled: false);
        fetcher = new ImageFetcher(client, options, trace, warn, freshConnections);
        threadCount = options.Fetch.ThreadCount;
    }

    public BoundedWorkerPool<UrlRow, DownloadedImage> Start(CancellationToken cancellationToken) =>
        new(threadCount, threadCount, fetcher.FetchAsync, ImageFetcher.Unexpected, cancellationToken);

    /// <summary>Downloads every row, yielding each result as it completes.</summary>
    public async IAsyncEnumerable<DownloadedImage> DownloadAsync(IEnumerable<UrlRow> rows, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pool = Start(cancellationToken);
        var feeding = Task.Run(async () =>
        {
            try
            {
                foreach (var row in rows)
                {
                    await pool.Input.WriteAsync(row, cancellationToken);
                }
            }
            finally
            {
                pool.Input.TryComplete();
            }
        }, cancellationToken);
        await foreach (var image in pool.Output.ReadAllAsync(cancellationToken))
        {
            // The caller keeps the bytes as long as it likes; the budget only governs what the engine holds.
            image.ReleaseBody();
            yield return image;
        }
        await feeding;
    }

    public void Dispose()
    {
        client.Dispose();
        freshConnections.Dispose();
    }
}
