using System.IO.Compression;
using System.Net;
using Img2Dataset.Engine.Fetch;

namespace Img2Dataset.Engine.Policy;

/// <summary>
/// Fetches one site-wide file with the run's client: GET, five redirects at most (RFC 9309 §2.3.1.2; the TDMRep
/// report lets the well-known file be reached by redirects too), gzip, deflate and br content-encodings decoded (the
/// handler decodes nothing, so image bodies stay as served), the body read up to a cap, all within the timeout.
/// Never throws for the site's fault: the outcome says what happened, and a body that does not decode (a "br" that is
/// not brotli) is <see cref="SiteFile.Unreadable"/>, whatever exception its decoder throws.
/// </summary>
public sealed class SiteFileFetcher(HttpClient client, TimeSpan timeout)
{
    private const int MaxRedirects = 5;
    private readonly RedirectFollower redirects = new(client, MaxRedirects);

    public TimeSpan Timeout => timeout;

    public async Task<SiteFile> FetchAsync(Uri url, int maxBytes)
    {
        // Not tied to the first caller's cancellation: the answer is shared by every later request to the origin.
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            var walk = await redirects.SendAsync<string>(url, target => new HttpRequestMessage(HttpMethod.Get, target),
                (_, _) => ValueTask.FromResult<string?>(null), (_, _) => null, deadline.Token);
            if (walk.RedirectError is { } redirectError)
            {
                return new SiteFile(walk.HttpStatus, null, false, redirectError) { RedirectedAway = true };
            }
            using var response = walk.Response!;
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                return new SiteFile(status, null, false, $"HTTP {status}");
            }
            return await ReadAsync(status, response.Content, maxBytes, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            return new SiteFile(null, null, false, $"timed out after {timeout.TotalSeconds:0.###} s");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or WebException or InvalidDataException)
        {
            return new SiteFile(null, null, false, e.GetBaseException().Message);
        }
    }

    private static async Task<SiteFile> ReadAsync(int status, HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadBodyAsync(status, content, maxBytes, cancellationToken);
        }
        catch (Exception e) when (e is not (OperationCanceledException or HttpRequestException or IOException))
        {
            return new SiteFile(status, null, false, $"unreadable: {e.GetBaseException().Message}") { Unreadable = true };
        }
    }

    private static async Task<SiteFile> ReadBodyAsync(int status, HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        await using var raw = await content.ReadAsStreamAsync(cancellationToken);
        await using var body = Decode(raw, content.Headers.ContentEncoding);
        if (body is null)
        {
            return new SiteFile(status, null, false, $"unknown content-encoding {string.Join(", ", content.Headers.ContentEncoding)}");
        }
        // One byte past the cap tells a file cut by it from one that ends there.
        var buffer = new byte[maxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }
        return new SiteFile(status, buffer[..Math.Min(length, maxBytes)], length > maxBytes, null);
    }

    /// <summary>The decoded body; null for an encoding we cannot decode.</summary>
    private static Stream? Decode(Stream body, ICollection<string> encodings)
    {
        Stream? decoded = body;
        foreach (var encoding in encodings.Reverse())
        {
            decoded = encoding.Trim().ToLowerInvariant() switch
            {
                "gzip" or "x-gzip" => new GZipStream(decoded, CompressionMode.Decompress),
                "deflate" => new ZLibStream(decoded, CompressionMode.Decompress),
                "br" => new BrotliStream(decoded, CompressionMode.Decompress),
                "identity" => decoded,
                _ => null,
            };
            if (decoded is null)
            {
                return null;
            }
        }
        return decoded;
    }
}
