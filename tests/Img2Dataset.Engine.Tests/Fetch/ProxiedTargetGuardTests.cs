using System.Net;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Tests.ImageServer;

namespace Img2Dataset.Engine.Tests.Fetch;

/// <summary>The proxied requests' guard looks each target host up once for the run, through a real loopback proxy.</summary>
public sealed class ProxiedTargetGuardTests(ImageServerFixture server) : IClassFixture<ImageServerFixture>
{
    [Fact]
    public async Task AHostIsLookedUpOnceForEveryRequestToItAndAnUnresolvableOneIsLeftToTheProxy()
    {
        var lookUps = 0;
        var proxy = new WebProxy(server.BaseAddress);
        async Task<IPAddress[]> SlowUnresolvable(string host, CancellationToken token)
        {
            Interlocked.Increment(ref lookUps);
            await Task.Delay(300, token);
            throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound);
        }
        using var client = new HttpClient(new ProxiedTargetGuard(proxy, SlowUnresolvable) { InnerHandler = new SocketsHttpHandler { Proxy = proxy, UseProxy = true } });

        var statuses = await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
        {
            using var response = await client.GetAsync($"http://images.invalid/images/8x8/{i % 3}.jpg");
            return response.StatusCode;
        }));

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(1, lookUps);
    }

    [Fact]
    public async Task ANameResolvingOnlyToPrivateAddressesIsRefusedEveryTimeFromOneLookUp()
    {
        var lookUps = 0;
        var proxy = new WebProxy(server.BaseAddress);
        Task<IPAddress[]> Private(string host, CancellationToken token)
        {
            Interlocked.Increment(ref lookUps);
            return Task.FromResult(new[] { IPAddress.Parse("10.1.2.3") });
        }
        using var client = new HttpClient(new ProxiedTargetGuard(proxy, Private) { InnerHandler = new SocketsHttpHandler { Proxy = proxy, UseProxy = true } });

        for (var i = 0; i < 3; i++)
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("http://intranet.example/images/8x8/1.jpg"));
            Assert.IsType<PrivateAddressException>(refused.InnerException);
        }
        Assert.Equal(1, lookUps);
    }
}
