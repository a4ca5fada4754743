using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Policy;
using Img2Dataset.Engine.Tests.ImageServer;

namespace Img2Dataset.Engine.Tests.Policy;

public sealed class RobotsTxtCacheTests : IAsyncLifetime
{
    private readonly ImageServerFixture server = new();
    private readonly HttpClient client = HttpClientFactory.Create(new FetchOptions { AllowPrivateNetwork = true });

    public Task InitializeAsync() => server.InitializeAsync();

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task ObeysTheHostsRobotsTxtForOurToken()
    {
        await SetRobots("User-agent: img2dataset\nDisallow: /images/64x64/\n\nUser-agent: *\nDisallow: /\n");
        var cache = new RobotsTxtCache(client, "img2dataset", TimeSpan.FromSeconds(5));

        Assert.False(null == await cache.CheckAsync(server.Url("images/64x64/1.jpg"), CancellationToken.None));
        Assert.True(null == await cache.CheckAsync(server.Url("images/32x32/1.jpg"), CancellationToken.None));
    }

    [Fact]
    public async Task FetchesOncePerHostForTheRun()
    {
        await SetRobots("User-agent: *\nDisallow: /images/\n");
        var cache = new RobotsTxtCache(client, "img2dataset", TimeSpan.FromSeconds(5));
        Assert.False(null == await cache.CheckAsync(server.Url("images/8x8/1.jpg"), CancellationToken.None));

        await SetRobots("User-agent: *\nAllow: /\n");

        Assert.False(null == await cache.CheckAsync(server.Url("images/8x8/2.jpg"), CancellationToken.None));
        Assert.True(null == await new RobotsTxtCache(client, "img2dataset", TimeSpan.FromSeconds(5)).CheckAsync(server.Url("images/8x8/2.jpg"), CancellationToken.None));
    }

    [Fact]
    public async Task AMissingRobotsTxtAllowsEverything()
    {
        await SetRobots("");
        var cache = new RobotsTxtCache(client, "img2dataset", TimeSpan.FromSeconds(5));
        Assert.True(null == await cache.CheckAsync(server.Url("images/8x8/1.jpg"), CancellationToken.None));
    }

    [Fact]
    public async Task AnUnreachableHostDisallowsEverything()
    {
        var closedPort = new Uri("http://127.0.0.1:1/images/8x8/1.jpg");
        var cache = new RobotsTxtCache(client, "img2dataset", TimeSpan.FromSeconds(5));
        Assert.False(null == await cache.CheckAsync(closedPort, CancellationToken.None));
    }

    private async Task SetRobots(string text)
    {
        using var response = await client.PutAsync(server.Url("_control/robots"), new StringContent(text));
        response.EnsureSuccessStatusCode();
    }
}
