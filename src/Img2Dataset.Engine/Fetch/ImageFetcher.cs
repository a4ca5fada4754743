using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Policy;

namespace Img2Dataset.Engine.Fetch;

/// <summary>
/// Downloads one row: opt-out headers are judged before the body is read (a refused body is never downloaded), the
/// timeout covers connect, headers and body, bodies are capped, transient failures are retried with exponential
/// back-off and jitter, and Retry-After is honoured when it fits the timeout budget. Never throws for a row's fault:
/// every row gets exactly one <see cref="DownloadedImage"/>.
/// </summary>
public sealed class ImageFetcher
{
    private const int ChunkSize = 81920;
    private readonly HttpClient client;
    private readonly DownloadOptions options;
    private readonly OptOutEvaluator evaluator;
    private readonly RobotsTxtCache? robots;
    private readonly HostLimiter hosts;

    public ImageFetcher(HttpClient client, DownloadOptions options)
    {
        options.Validate();
        this.client = client;
        this.options = options;
        evaluator = new OptOutEvaluator(options.OptOut);
        robots = options.OptOut.RespectRobotsTxt ? new RobotsTxtCache(client, options.OptOut.UserAgentToken, options.Fetch.Timeout) : null;
        hosts = new HostLimiter(options.Fetch.MaxConnectionsPerHost);
    }

    /// <exception cref="OperationCanceledException">Only when <paramref name="cancellationToken"/> is cancelled.</exception>
    public async Task<DownloadedImage> FetchAsync(UrlRow row, CancellationToken cancellationToken) =>
        // Failures carry the hash kind too, so every row of a dataset has the same hash column.
        await FetchRowAsync(row, cancellationToken) with { HashKind = options.ComputeHash };

    private async Task<DownloadedImage> FetchRowAsync(UrlRow row, CancellationToken cancellationToken)
    {
        if (row.InputError is { } inputError)
        {
            return DownloadedImage.Failed(row, inputError);
        }
        if (!Uri.TryCreate(row.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return DownloadedImage.Failed(row, $"unsupported url (only http and https are fetched): '{row.Url}'");
        }
        if (robots is not null && !await robots.IsAllowedAsync(url, cancellationToken))
        {
            return DownloadedImage.Failed(row, OptOutDecision.RobotsTxtMessage,
                optOut: new OptOutDecision { Signal = OptOutSignal.RobotsTxt, MatchedDirectives = ["robots.txt: disallow"] });
        }
        for (var attempt = 1; ; attempt++)
        {
            var (image, transient, retryAfter) = await AttemptAsync(row, url, cancellationToken);
            image = image with { Attempts = attempt };
            if (!transient || attempt > options.Fetch.Retries)
            {
                return image;
            }
            var delay = retryAfter ?? Backoff(attempt);
            if (delay > options.Fetch.Timeout)
            {
                return image with { ErrorMessage = $"{image.ErrorMessage} (Retry-After {delay.TotalSeconds:0} s exceeds the {options.Fetch.Timeout.TotalSeconds:0.###} s timeout)" };
            }
            await Task.Delay(delay, cancellationToken);
        }
    }

    private async Task<Attempt> AttemptAsync(UrlRow row, Uri url, CancellationToken cancellationToken)
    {
        using var slot = await hosts.EnterAsync(url, cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Fetch.Timeout);
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return await ReadAsync(row, response, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Attempt(DownloadedImage.Failed(row, $"Timed out after {options.Fetch.Timeout.TotalSeconds:0.###} s"), Transient: true);
        }
        catch (HttpRequestException e) when (e.InnerException is PrivateAddressException refused)
        {
            return new Attempt(DownloadedImage.Failed(row, refused.Message));
        }
        catch (HttpRequestException e)
        {
            return new Attempt(DownloadedImage.Failed(row, Describe(e)), Transient: true);
        }
        catch (IOException e)
        {
            return new Attempt(DownloadedImage.Failed(row, $"Connection lost while reading the body: {e.Message}"), Transient: true);
        }
    }

    private async Task<Attempt> ReadAsync(UrlRow row, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var decision = evaluator.Evaluate(response.Headers.Concat(response.Content.Headers));
        if (!decision.Allowed)
        {
            return new Attempt(DownloadedImage.Failed(row, decision.Message!, httpStatus: status, optOut: decision));
        }
        if (status is >= 300 and < 400)
        {
            return new Attempt(DownloadedImage.Failed(row,
                $"Redirect not followed: more than {options.Fetch.MaxRedirects} hops, or to a non-http(s) URL", httpStatus: status, optOut: decision));
        }
        if (!response.IsSuccessStatusCode)
        {
            return new Attempt(DownloadedImage.Failed(row, $"HTTP Error {status}: {response.ReasonPhrase}", httpStatus: status, optOut: decision),
                IsTransient(status), RetryAfter(response.Headers.RetryAfter));
        }
        var tooLarge = DownloadedImage.Failed(row, $"response too large (more than {options.Fetch.MaxBytes} bytes)", httpStatus: status, optOut: decision);
        if (response.Content.Headers.ContentLength > options.Fetch.MaxBytes)
        {
            return new Attempt(tooLarge);
        }
        var bytes = await ReadCappedAsync(response.Content, options.Fetch.MaxBytes, cancellationToken);
        if (bytes is null)
        {
            return new Attempt(tooLarge);
        }
        var hash = ImageHash.Compute(options.ComputeHash, bytes);
        if (options.VerifyHash && !string.Equals(hash, row.ExpectedHash?.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return new Attempt(DownloadedImage.Failed(row, "hash mismatch", httpStatus: status, optOut: decision));
        }
        return new Attempt(new DownloadedImage
        {
            Row = row,
            Status = SampleStatus.Success,
            Bytes = bytes,
            HttpStatus = status,
            ContentType = response.Content.Headers.ContentType?.MediaType,
            OptOut = decision,
            HashKind = options.ComputeHash,
            Hash = hash,
        });
    }

    /// <summary>The body, or null once it exceeds <paramref name="maxBytes"/> (reading stops there).</summary>
    private static async Task<byte[]?> ReadCappedAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        await using var body = await content.ReadAsStreamAsync(cancellationToken);
        if (content.Headers.ContentLength is { } length)
        {
            var exact = new byte[length];
            await body.ReadExactlyAsync(exact, cancellationToken);
            return exact;
        }
        using var copy = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (copy.Length + read > maxBytes)
                {
                    return null;
                }
                copy.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return copy.ToArray();
    }

    private TimeSpan Backoff(int attempt) =>
        options.RetryBaseDelay * Math.Pow(2, attempt - 1) * (1 + Random.Shared.NextDouble() / 2);

    private static bool IsTransient(int status) => status is 408 or 425 or 429 or >= 500;

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static string Describe(HttpRequestException e) => e.InnerException switch
    {
        SocketException socket => socket.Message,
        IOException io => io.Message,
        WebException web => web.Message,
        _ => e.Message,
    };

    private readonly record struct Attempt(DownloadedImage Image, bool Transient = false, TimeSpan? RetryAfter = null);
}
