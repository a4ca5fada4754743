using System.Net;

namespace Img2Dataset.Engine.Policy;

/// <summary>
/// Audits a URL's opt-outs without downloading it: HEAD, or a one-byte ranged GET where HEAD is refused, with the
/// downloader's client (User-Agent, timeouts, private-network guard); robots.txt first when the policy asks for it.
/// </summary>
public sealed class OptOutAuditor(HttpClient client, OptOutEvaluator evaluator, RobotsTxtCache? robots, TimeSpan timeout)
{
    public async Task<OptOutVerdict> AuditAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return new OptOutVerdict { Url = url, Error = $"Not an http or https URL: '{url}'" };
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            if (robots is not null && !await robots.IsAllowedAsync(uri, deadline.Token))
            {
                return new OptOutVerdict { Url = url, Method = "robots.txt", Decision = new OptOutDecision { Signal = OptOutSignal.RobotsTxt, MatchedDirectives = ["robots.txt: disallow"] } };
            }
            using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, uri), HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (head.IsSuccessStatusCode)
            {
                return Verdict(url, "HEAD", head);
            }
            var get = new HttpRequestMessage(HttpMethod.Get, uri);
            get.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 0);
            using var ranged = await client.SendAsync(get, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return Verdict(url, "GET", ranged);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new OptOutVerdict { Url = url, Error = $"Timed out after {timeout.TotalSeconds:0.###} s" };
        }
        catch (HttpRequestException e)
        {
            return new OptOutVerdict { Url = url, Error = e.InnerException is Fetch.PrivateAddressException p ? p.Message : e.Message };
        }
    }

    private OptOutVerdict Verdict(string url, string method, HttpResponseMessage response) => new()
    {
        Url = url,
        Method = method,
        StatusCode = (int)response.StatusCode,
        Decision = evaluator.Evaluate(response.Headers.Concat(response.Content.Headers)),
        Error = response.IsSuccessStatusCode ? null : $"HTTP Error {(int)response.StatusCode}: {response.ReasonPhrase}",
    };
}
