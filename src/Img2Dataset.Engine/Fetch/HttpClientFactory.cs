using System.Net;
using System.Net.Sockets;

namespace Img2Dataset.Engine.Fetch;

/// <summary>
/// The one HTTP client of a run: pooled connections, bodies left compressed as served, no automatic redirects, no cookies,
/// and a connect callback that refuses private addresses by the address actually dialled, not the URL's text.
/// </summary>
public static class HttpClientFactory
{
    public static HttpClient Create(FetchOptions options)
    {
        options.Validate();
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            // Redirects are followed hop by hop by RedirectFollower, so every hop is judged and checked.
            AllowAutoRedirect = false,
            // A refused or failed response is closed, not drained: refusing an image must cost its creator no bytes.
            MaxResponseDrainSize = 0,
            MaxConnectionsPerServer = options.MaxConnectionsPerHost,
            ConnectTimeout = options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseCookies = false,
            UseProxy = true,
            ConnectCallback = (context, token) => ConnectAsync(context.DnsEndPoint, options.AllowPrivateNetwork, token),
        };
        if (options.IgnoreSslCertificate)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        var client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent.For(options.UserAgentToken));
        return client;
    }

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowPrivate, CancellationToken token)
    {
        var resolved = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, token);
        var allowed = allowPrivate ? resolved : resolved.Where(a => !PrivateNetwork.Contains(a)).ToArray();
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
}
