using System.Net;

namespace Img2Dataset.Engine.Fetch;

/// <summary>
/// Follows redirects itself, hop by hop, instead of letting the handler do it: every hop's URL is checked before it
/// is requested and every hop's response (redirects included) is judged before anything else happens, because opt-out
/// headers and robots.txt apply to each response and host a crawler meets, not only to the last one. A Location that
/// is not an absolute http(s) URL with a host ends the walk with a row failure, never an exception.
/// </summary>
public sealed class RedirectFollower(HttpClient client, int maxRedirects)
{
    /// <summary>
    /// Sends a request made by <c>newRequest</c> to <c>url</c> and to each redirect target in turn. <c>beforeRequest</c>
    /// judges a URL before it is requested (robots.txt), <c>onResponse</c> each response's headers (opt-outs); a
    /// non-null judgement stops the walk.
    /// </summary>
    public async Task<Walk<TStop>> SendAsync<TStop>(Uri url, Func<Uri, HttpRequestMessage> newRequest,
        Func<Uri, CancellationToken, ValueTask<TStop?>> beforeRequest, Func<Uri, HttpResponseMessage, TStop?> onResponse,
        CancellationToken cancellationToken)
        where TStop : class
    {
        for (var hop = 0; ; hop++)
        {
            if (await beforeRequest(url, cancellationToken) is { } refusedUrl)
            {
                return new Walk<TStop>(url, null, refusedUrl, null, null);
            }
            var response = await client.SendAsync(newRequest(url), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (onResponse(url, response) is { } refused)
            {
                // Disposed unread: the handler drains nothing (MaxResponseDrainSize 0), so the connection is closed.
                response.Dispose();
                return new Walk<TStop>(url, null, refused, null, (int)response.StatusCode);
            }
            if (!IsRedirect(response.StatusCode) || Location(response) is not { } location)
            {
                return new Walk<TStop>(url, response, null, null, (int)response.StatusCode);
            }
            var status = (int)response.StatusCode;
            response.Dispose();
            if (!TryResolve(url, location, out var next))
            {
                return new Walk<TStop>(url, null, null,
                    $"Redirect to an unsupported location (only absolute http and https URLs with a host are followed): '{Shorten(location)}'", status);
            }
            if (hop >= maxRedirects)
            {
                return new Walk<TStop>(url, null, null, $"Redirect not followed: more than {maxRedirects} hops", status);
            }
            url = next;
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>RFC 9110 §10.2.2: Location may be relative to the request's URL; only http(s) with a host is fetched.</summary>
    private static bool TryResolve(Uri current, string location, out Uri next)
    {
        if (Uri.TryCreate(current, location.Trim(), out var resolved) && resolved.IsAbsoluteUri
            && (resolved.Scheme == Uri.UriSchemeHttp || resolved.Scheme == Uri.UriSchemeHttps) && resolved.Host.Length > 0)
        {
            next = resolved;
            return true;
        }
        next = current;
        return false;
    }

    /// <summary>The raw Location value, unvalidated, so a malformed one is reported as what the server sent.</summary>
    private static string? Location(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("Location", out var values) ? values.FirstOrDefault() : null;

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
