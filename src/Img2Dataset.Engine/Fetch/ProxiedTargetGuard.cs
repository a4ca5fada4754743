using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Img2Dataset.Engine.Fetch;

/// <summary>
/// The private-network guard for requests that go through a proxy: the connection is to the proxy, which may share
/// it between targets, so each request's target host is checked here, before it is sent. A host this machine cannot
/// resolve is left to the proxy (behind corporate proxies, outside names often resolve only there); a private address
/// literal or a name resolving only to private addresses is refused. Each host is looked up once for the run, however
/// many requests wait for it: behind a proxy, outside names often do not resolve here at all, and every uncached
/// lookup of such a name stalled its request for the resolver's whole time-out (5 s). At most
/// <see cref="MaxHosts"/> hosts are remembered; past that, the oldest half is forgotten.
/// </summary>
public sealed class ProxiedTargetGuard : DelegatingHandler
{
    public const int MaxHosts = 65_536;
    private readonly IWebProxy proxy;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> lookUp;
    private readonly ConcurrentDictionary<string, Lazy<Task<IPAddress[]>>> resolved = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> order = new();

    public ProxiedTargetGuard(IWebProxy proxy) : this(proxy, Dns.GetHostAddressesAsync)
    {
    }

    /// <param name="proxy">The proxy requests go through.</param>
    /// <param name="lookUp">The resolver (the system's; tests count its calls).</param>
    internal ProxiedTargetGuard(IWebProxy proxy, Func<string, CancellationToken, Task<IPAddress[]>> lookUp)
    {
        this.proxy = proxy;
        this.lookUp = lookUp;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } target && !proxy.IsBypassed(target) && proxy.GetProxy(target) is not null)
        {
            var addresses = await ResolveAsync(target.IdnHost).WaitAsync(cancellationToken);
            if (addresses.Length > 0 && addresses.All(PrivateNetwork.Contains))
            {
                throw new HttpRequestException(null, new PrivateAddressException(target.IdnHost, addresses));
            }
        }
        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>The host's addresses, looked up on its first request only; none when it does not resolve here.</summary>
    private Task<IPAddress[]> ResolveAsync(string host)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return Task.FromResult<IPAddress[]>([literal]);
        }
        var candidate = new Lazy<Task<IPAddress[]>>(() => LookUpAsync(host));
        var entry = resolved.GetOrAdd(host, candidate);
        if (ReferenceEquals(entry, candidate))
        {
            order.Enqueue(host);
            if (resolved.Count > MaxHosts)
            {
                Forget();
            }
        }
        return entry.Value;
    }

    private async Task<IPAddress[]> LookUpAsync(string host)
    {
        try
        {
            // Not tied to the first request's cancellation: the answer is shared by every later request to the host.
            return await lookUp(host, CancellationToken.None);
        }
        catch (SocketException)
        {
            return [];
        }
    }

    private void Forget()
    {
        for (var i = 0; i < MaxHosts / 2 && order.TryDequeue(out var host); i++)
        {
            resolved.TryRemove(host, out _);
        }
    }
}
