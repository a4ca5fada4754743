using System.Net;

namespace Img2Dataset.Engine.Policy;

/// <summary>
/// Audits a URL's opt-outs without downloading it: HEAD, or a one-byte ranged GET where HEAD is refused, with the
/// downloader's client (User-Agent, timeouts, private-network guard), following redirects hop by hop and judging
/// each; the site-wide signals (robots.txt, tdmrep.json) of every host reached first, as the policy asks.
/// </summary>
public sealed class OptOutAuditor(HttpClient client, OptOutEvaluator evaluator, SiteSignals? site, TimeSpan timeout, int maxRedirects)
{
    private readonly Fetch.RedirectFollower redirects = new(client, maxRedirects);

    public async Task<OptOutVerdict> AuditAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            return new OptOutVerdict { Url = url, Error = $"Not an http or https URL: '{url}'" };
        }
        using var deadline = new Fetch.AttemptDeadline(timeout, cancellationToken);
        try
        {
            var head = await AuditWithAsync(url, uri, "HEAD", target => new HttpRequestMessage(HttpMethod.Head, target), deadline);
            // Only a HEAD the server answered with an error status (405, 403…) is asked again as a ranged GET.
            if (head is not { Decision.Allowed: true, Error: not null })
            {
                return head;
            }
            return await AuditWithAsync(url, uri, "GET", target =>
            {
                var get = new HttpRequestMessage(HttpMethod.Get, target);
                get.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 0);
                return get;
            }, deadline);
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

    /// <summary>
    /// One walk of redirects with one method, judging every hop. Only headers are read: the response is disposed
    /// unread, which closes the connection, so a server ignoring the Range header sends us no body.
    /// </summary>
    private async Task<OptOutVerdict> AuditWithAsync(string url, Uri uri, string method, Func<Uri, HttpRequestMessage> newRequest, Fetch.AttemptDeadline deadline)
    {
        var judge = new HopJudge(evaluator, site, deadline);
        var walk = await redirects.SendAsync(uri, newRequest, judge.BeforeRequestAsync, judge.OnResponse, deadline.Token);
        if (walk.Stopped is { } decision)
        {
            return new OptOutVerdict { Url = url, Method = judge.RefusedBeforeRequest ? "robots.txt" : method, StatusCode = walk.HttpStatus, Decision = decision };
        }
        if (walk.RedirectError is { } redirectError)
        {
            return new OptOutVerdict { Url = url, Method = method, StatusCode = walk.HttpStatus, Error = redirectError };
        }
        using var response = walk.Response!;
        return Verdict(url, method, response, judge.Last);
    }

    /// <summary>A fault no rule foresaw is still only this URL's verdict.</summary>
    public static OptOutVerdict Unexpected(string url, Exception e) =>
        new() { Url = url, Error = $"Unexpected error while auditing: {e.GetType().Name}: {e.Message}" };

    private static OptOutVerdict Verdict(string url, string method, HttpResponseMessage response, OptOutDecision decision) => new()
    {
        Url = url,
        Method = method,
        StatusCode = (int)response.StatusCode,
        Decision = decision,
        Error = response.IsSuccessStatusCode ? null : $"HTTP Error {(int)response.StatusCode}: {response.ReasonPhrase}",
        RetryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => null,
        },
    };
}
