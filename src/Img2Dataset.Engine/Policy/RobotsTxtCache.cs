using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using Img2Dataset.Engine.Fetch;

namespace Img2Dataset.Engine.Policy;

/// <summary>
/// robots.txt per origin, fetched once for the run, to RFC 9309 and to what Google's open-source parser does:
/// 2xx is parsed (first 500 KiB of the decoded content, a line cut by the cap ignored); gzip, deflate and br
/// content-encodings are decoded; five redirects are followed (§2.3.1.2), more mean "unavailable"; 4xx means
/// unavailable, so everything is allowed (§2.3.1.3), except 429, which like Google we take as the server's
/// trouble; 5xx, 429 and network failures mean unreachable, so everything is disallowed (§2.3.1.4), and the
/// evidence says so apart from a creator's rule.
/// </summary>
public sealed class RobotsTxtCache(HttpClient client, string userAgentToken, TimeSpan timeout)
{
    public const int MaxBytes = 500 * 1024;
    private const int MaxRedirects = 5;
    private readonly ConcurrentDictionary<string, Lazy<Task<RobotsTxt>>> byOrigin = new(StringComparer.OrdinalIgnoreCase);
    private readonly RedirectFollower redirects = new(client, MaxRedirects);

    /// <summary>The refusal of <paramref name="url"/> by its host's robots.txt, with the rule or reason; null when allowed.</summary>
    public async Task<OptOutDecision?> CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        var robotsUrl = new Uri(url.GetLeftPart(UriPartial.Authority) + "/robots.txt");
        var robots = await byOrigin.GetOrAdd(robotsUrl.AbsoluteUri, _ => new Lazy<Task<RobotsTxt>>(() => FetchAsync(robotsUrl))).Value
            .WaitAsync(cancellationToken);
        if (robots.Match(url.PathAndQuery, userAgentToken) is not { } matched)
        {
            return null;
        }
        return new OptOutDecision
        {
            Signal = robots.Unreachable ? OptOutSignal.RobotsTxtUnreachable : OptOutSignal.RobotsTxt,
            MatchedDirectives = [matched],
            Source = robotsUrl.AbsoluteUri,
        };
    }

    private async Task<RobotsTxt> FetchAsync(Uri robotsUrl)
    {
        // Not tied to the first caller's cancellation: the answer is shared by every later request to the host.
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            var walk = await redirects.SendAsync<string>(robotsUrl, target => new HttpRequestMessage(HttpMethod.Get, target),
                (_, _) => ValueTask.FromResult<string?>(null), (_, _) => null, deadline.Token);
            if (walk.RedirectError is { } redirectError)
            {
                return RobotsTxt.Unavailable(redirectError);
            }
            using var response = walk.Response!;
            var status = (int)response.StatusCode;
            if (status is >= 400 and < 500 and not 429)
            {
                return RobotsTxt.Unavailable($"HTTP {status}");
            }
            if (!response.IsSuccessStatusCode)
            {
                return RobotsTxt.UnreachableBecause($"robots.txt unreachable: HTTP {status}");
            }
            return await ReadAsync(response.Content, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            return RobotsTxt.UnreachableBecause($"robots.txt unreachable: timed out after {timeout.TotalSeconds:0.###} s");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or WebException or InvalidDataException)
        {
            return RobotsTxt.UnreachableBecause($"robots.txt unreachable: {e.Message}");
        }
    }

    private static async Task<RobotsTxt> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var raw = await content.ReadAsStreamAsync(cancellationToken);
        await using var body = Decode(raw, content.Headers.ContentEncoding);
        if (body is null)
        {
            return RobotsTxt.UnreachableBecause($"robots.txt unreachable: unknown content-encoding {string.Join(", ", content.Headers.ContentEncoding)}");
        }
        // One byte past the cap tells a file cut by it from one that ends there.
        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }
        var truncated = length > MaxBytes;
        return RobotsTxt.Parse(Encoding.UTF8.GetString(buffer, 0, Math.Min(length, MaxBytes)), truncated);
    }

    /// <summary>The decoded body; null for an encoding we cannot decode. The handler decodes nothing (image bodies stay as served).</summary>
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
