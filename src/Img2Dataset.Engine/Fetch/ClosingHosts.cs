using System.Collections.Concurrent;
using System.Net;

namespace Img2Dataset.Engine.Fetch;

/// <summary>
/// The hosts that answer in HTTP/1.0 without "Connection: keep-alive" (python -m http.server, old appliances): they close
/// every connection after its response, yet the client pools it, and a request later handed that connection fails with
/// "The response ended prematurely" (about 5 % of images at our defaults against such a server). Requests to these
/// hosts say "Connection: close", so their connections are never pooled, as curl, which does not pool across
/// requests, never meets one. Bounded: past <see cref="MaxHosts"/> hosts no more are remembered.
/// </summary>
public sealed class ClosingHosts
{
    public const int MaxHosts = 65_536;
    private readonly ConcurrentDictionary<string, byte> hosts = new(StringComparer.OrdinalIgnoreCase);

    public bool Closes(Uri url) => hosts.ContainsKey(url.Authority);

    /// <summary>Remembers the host of a response that will close its connection although the client would keep it.</summary>
    public void Observe(Uri url, HttpResponseMessage response)
    {
        if (response.Version < HttpVersion.Version11 && response.Headers.ConnectionClose != false
            && !response.Headers.Connection.Contains("keep-alive", StringComparer.OrdinalIgnoreCase) && hosts.Count < MaxHosts)
        {
            hosts.TryAdd(url.Authority, 0);
        }
    }
}
