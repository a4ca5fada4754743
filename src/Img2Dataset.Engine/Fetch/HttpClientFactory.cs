using System.Net;
using System.Net.Sockets;

namespace Img2Dataset.Engine.Fetch;

/// <summary>
/// The one HTTP client of a run: pooled connections, bodies left compressed as served, no automatic redirects, no
/// cookies, and a private-network guard on the address actually dialled, not the URL's text. Through a proxy (given,
/// or the environment's HTTP_PROXY), the proxy's own address is exempt, since corporate proxies live on private
/// networks, and each request's target host is checked instead (<see cref="ProxiedTargetGuard"/>).
/// </summary>
public static class HttpClientFactory
{
    /// <param name="options">How to download.</param>
    /// <param name="pooled">False for a client whose every request opens a connection of its own, never reused.</param>
    public static HttpClient Create(FetchOptions options, bool pooled = true)
    {
        options.Validate();
        var proxy = options.NoProxy ? null : options.Proxy is { } address ? new WebProxy(address) { Credentials = ProxyCredentials(options) } : HttpClient.DefaultProxy;
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            // Redirects are followed hop by hop by RedirectFollower, so every hop is judged and checked.
            AllowAutoRedirect = false,
            // A refused or failed response is closed, not drained: refusing an image must cost its creator no bytes.
            MaxResponseDrainSize = 0,
            MaxConnectionsPerServer = options.MaxConnectionsPerHost,
            ConnectTimeout = options.Timeout,
            PooledConnectionLifetime = pooled ? TimeSpan.FromMinutes(5) : TimeSpan.Zero,
            // Each idle connection holds about 12 KB; a list over millions of hosts opens one per host, and at hundreds
            // of new hosts a second the runtime's one-minute default would keep tens of thousands of them.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(15),
            UseCookies = false,
            UseProxy = proxy is not null,
            // The environment's proxy is left as the runtime keeps it (shared by the session): credentials go beside it.
            Proxy = options.Proxy is null ? null : proxy,
            DefaultProxyCredentials = options.Proxy is null ? ProxyCredentials(options) : null,
            ConnectCallback = (context, token) => ConnectAsync(context, proxy, options.AllowPrivateNetwork, token),
        };
        if (options.IgnoreSslCertificate)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        HttpMessageHandler pipeline = proxy is null || options.AllowPrivateNetwork ? handler : new ProxiedTargetGuard(proxy) { InnerHandler = handler };
        var client = new HttpClient(pipeline) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent.For(options.UserAgentToken));
        return client;
    }

    private static ICredentials? ProxyCredentials(FetchOptions options) =>
        options.ProxyCredential ?? (options.ProxyUseDefaultCredentials ? CredentialCache.DefaultCredentials : null);

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, IWebProxy? proxy, bool allowPrivate, CancellationToken token)
    {
        var endPoint = context.DnsEndPoint;
        var resolved = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, token);
        var allowed = allowPrivate || IsProxy(endPoint, context.InitialRequestMessage.RequestUri, proxy)
            ? resolved
            : resolved.Where(a => !PrivateNetwork.Contains(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new PrivateAddressException(endPoint.Host, resolved);
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endPoint.Port, token);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Whether the connection being made is to the proxy of the request, not to its target.</summary>
    private static bool IsProxy(DnsEndPoint endPoint, Uri? target, IWebProxy? proxy) =>
        proxy is not null && target is not null && !proxy.IsBypassed(target) && proxy.GetProxy(target) is { } address
        && string.Equals(address.Host, endPoint.Host, StringComparison.OrdinalIgnoreCase) && address.Port == endPoint.Port;
}
