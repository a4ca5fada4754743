using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Img2Dataset.Engine.Policy;

/// <summary>
/// robots.txt per origin, fetched once for the run (RFC 9309): 2xx is parsed (first 500 KiB), 4xx allows everything,
/// 5xx or an unreachable host disallows everything.
/// </summary>
public sealed class RobotsTxtCache(HttpClient client, string userAgentToken, TimeSpan timeout)
{
    public const int MaxBytes = 500 * 1024;
    private readonly ConcurrentDictionary<string, Lazy<Task<RobotsTxt>>> byOrigin = new(StringComparer.OrdinalIgnoreCase);

    public async Task<bool> IsAllowedAsync(Uri url, CancellationToken cancellationToken)
    {
        var origin = url.GetLeftPart(UriPartial.Authority);
        var robots = await byOrigin.GetOrAdd(origin, o => new Lazy<Task<RobotsTxt>>(() => FetchAsync(new Uri(o + "/robots.txt")))).Value
            .WaitAsync(cancellationToken);
        return robots.IsAllowed(url.PathAndQuery, userAgentToken);
    }

    private async Task<RobotsTxt> FetchAsync(Uri robotsUrl)
    {
        // Not tied to the first caller's cancellation: the answer is shared by every later request to the host.
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            using var response = await client.GetAsync(robotsUrl, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var status = (int)response.StatusCode;
            if (status is >= 400 and < 500)
            {
                return RobotsTxt.AllowAll;
            }
            if (!response.IsSuccessStatusCode)
            {
                return RobotsTxt.DisallowAll;
            }
            await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
            var buffer = new byte[MaxBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), deadline.Token)) > 0)
            {
                length += read;
            }
            return RobotsTxt.Parse(Encoding.UTF8.GetString(buffer, 0, length));
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or WebException)
        {
            return RobotsTxt.DisallowAll;
        }
    }
}
