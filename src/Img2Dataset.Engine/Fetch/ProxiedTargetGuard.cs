using System.Net;
using System.Net.Sockets;

namespace Img2Dataset.Engine.Fetch;

/// <summary>
/// The private-network guard for requests that go through a proxy: the connection is to the proxy, which may share
/// it between targets, so each request's target host is checked here, before it is sent. A host this machine cannot
/// resolve is left to the proxy (behind corporate proxies, outside names often resolve only there); a private address
/// literal or a name resolving only to private addresses is refused.
/// </summary>
public sealed class ProxiedTargetGuard(IWebProxy proxy) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } target && !proxy.IsBypassed(target) && proxy.GetProxy(target) is not null)
        {
            var addresses = await ResolveAsync(target.IdnHost, cancellationToken);
            if (addresses.Length > 0 && addresses.All(PrivateNetwork.Contains))
            {
                throw new HttpRequestException(null, new PrivateAddressException(target.IdnHost, addresses));
            }
        }
        return await base.SendAsync(request, cancellationToken);
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return [literal];
        }
        try
        {
            return await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (SocketException)
        {
            return [];
        }
    }
}
