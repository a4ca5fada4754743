using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Img2Dataset.ImageServer;

/// <summary>The loopback image server: Kestrel on 127.0.0.1, a free port unless one is asked for.</summary>
public sealed class ImageServerHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private ImageServerHost(WebApplication app, Uri baseAddress, Uri secureAddress, IReadOnlyList<Uri> sites)
    {
        this.app = app;
        BaseAddress = baseAddress;
        SecureAddress = secureAddress;
        Sites = sites;
    }

    /// <summary>The extra origins (see <see cref="HostileSite"/>), one port each, in order.</summary>
    public IReadOnlyList<Uri> Sites { get; }

    public Uri BaseAddress { get; }

    /// <summary>The same server over HTTPS, with a self-signed certificate no client trusts.</summary>
    public Uri SecureAddress { get; }

    /// <param name="port">The HTTP port; a free one when 0.</param>
    /// <param name="fixturesFolder">Files served under /fixtures/.</param>
    /// <param name="sites">How many extra origins to serve, each on a free port with <see cref="HostileSite"/>'s site files.</param>
    public static async Task<ImageServerHost> StartAsync(int port = 0, string? fixturesFolder = null, int sites = 0)
    {
        var sitePorts = Enumerable.Range(0, sites).Select(_ => FreePort()).ToList();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(SelfSignedCertificate()));
            sitePorts.ForEach(sitePort => kestrel.Listen(IPAddress.Loopback, sitePort));
            kestrel.Limits.MaxConcurrentConnections = null;
        });
        var app = builder.Build();
        var handler = new RequestHandler(new ImageCatalog(), new ConcurrencyTracker(), fixturesFolder, sitePorts);
        app.Run(handler.HandleAsync);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var http = addresses.Where(a => a.StartsWith("http://", StringComparison.Ordinal)).Select(a => new Uri(a.TrimEnd('/') + "/")).ToList();
        Uri Address(string scheme) => new(addresses.First(a => a.StartsWith(scheme + "://", StringComparison.Ordinal) && !sitePorts.Contains(new Uri(a).Port)).TrimEnd('/') + "/");
        return new ImageServerHost(app, Address("http"), Address("https"), sitePorts.Select(p => http.First(u => u.Port == p)).ToList());
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        // Exported and loaded again so the private key is usable by the TLS stack on every platform.
        return new X509Certificate2(certificate.Export(X509ContentType.Pfx));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
