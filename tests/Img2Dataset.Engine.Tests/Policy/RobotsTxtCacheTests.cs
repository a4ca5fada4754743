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
        await server.PutControlAsync("robots", "User-agent: img2dataset\nDisallow: /images/64x64/\n\nUser-agent: *\nDisallow: /\n");
        var cache = new RobotsTxtCache(client, "img2dataset", TimeSpan.FromSeconds(5));

        Assert.False(null == await cache.CheckAsync(server.Url("images/64x64/1.jpg"), CancellationToken.None));
        Assert.True(null == await cache.CheckAsync(server.Url("images/32x32/1.jpg"), CancellationToken.None));
    }

    [Fact]
    public async Task FetchesOncePerHostForTheRun()
    {
        await server.PutControlAsync("robots", "User-agent: *\nDisallow: /images/\n");
        var cache = new RobotsTxtCache(client, "img2dataset", TimeSpan.FromSeconds(5));
        Assert.False(null == await cache.CheckAsync(server.Url("images/8x8/1.jpg"), CancellationToken.None));

        await server.PutControlAsync("robots", "User-agent: *\nAllow: /\n");

        Assert.False(null == await cache.CheckAsync(server.Url("images/8x8/2.jpg"), CancellationToken.None));
        Assert.True(null == await new RobotsTxtCache(client, "img2dataset", TimeSpan.FromSeconds(5)).CheckAsync(server.Url("images/8x8/2.jpg"), CancellationToken.None));
    }

    [Fact]
    public async Task AMissingRobotsTxtAllowsEverything()
    {
        await server.PutControlAsync("robots", "");
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

    [Theory]
    [InlineData("status=503", "robots.txt unreachable: HTTP 503")]
    [InlineData("status=500", "robots.txt unreachable: HTTP 500")]
    [InlineData("status=429", "robots.txt unreachable: HTTP 429")]
    public async Task AnUnreachableRobotsTxtIsItsOwnSignalNotACreatorsRule(string fault, string reason)
    {
        await server.PutControlAsync("robots", "User-agent: *\nAllow: /\n", fault);

        var refused = await new RobotsTxtCache(client, "img2dataset", TimeSpan.FromSeconds(5)).CheckAsync(server.Url("images/8x8/1.jpg"), CancellationToken.None);

        Assert.Equal(OptOutSignal.RobotsTxtUnreachable, refused!.Signal);
        Assert.Equal([reason], refused.MatchedDirectives);
        Assert.Equal(OptOutDecision.RobotsTxtUnreachableMessage, refused.Message);
    }

    [Theory]
    [InlineData("status=404")]
    [InlineData("status=410")]
    [InlineData("redirects=6")]
    public async Task AnUnavailableRobotsTxtAllowsEverything(string fault)
    {
        await server.PutControlAsync("robots", "User-agent: *\nDisallow: /\n", fault);

        Assert.Null(await new RobotsTxtCache(client, "img2dataset", TimeSpan.FromSeconds(5)).CheckAsync(server.Url("images/8x8/1.jpg"), CancellationToken.None));
    }

    [Theory]
    [InlineData("redirects=5")]
    [InlineData("encoding=gzip")]
    [InlineData("encoding=br")]
    public async Task FollowsFiveRedirectsAndDecodesContentEncodings(string fault)
    {
        await server.PutControlAsync("robots", "User-agent: *\nDisallow: /images/\n", fault);

        var refused = await new RobotsTxtCache(client, "img2dataset", TimeSpan.FromSeconds(5)).CheckAsync(server.Url("images/8x8/1.jpg"), CancellationToken.None);

        Assert.Equal(OptOutSignal.RobotsTxt, refused!.Signal);
        Assert.Equal(["line 2: Disallow: /images/"], refused.MatchedDirectives);
        Assert.Equal(server.Url("robots.txt").AbsoluteUri, refused.Source);
    }

    [Fact]
    public async Task AnImageReachedThroughARedirectIsCheckedAgainstTheTargetHostsRobotsTxt()
    {
        await server.PutControlAsync("robots", "User-agent: *\nDisallow: /images/64x64/\n");
        var otherHost = new UriBuilder(server.Url("images/64x64/1.jpg")) { Host = "localhost" }.Uri;
        var options = new DownloadOptions { Fetch = new FetchOptions { AllowPrivateNetwork = true }, OptOut = new OptOutPolicy { RespectRobotsTxt = true } };
        var row = new Img2Dataset.Engine.Input.PlainUrlRows().Next(server.Url($"images/8x8/1.jpg?location={Uri.EscapeDataString(otherHost.AbsoluteUri)}").AbsoluteUri);

        var image = await new ImageFetcher(client, options).FetchAsync(row, CancellationToken.None);

        Assert.Equal(OptOutSignal.RobotsTxt, image.OptOut!.Signal);
        Assert.Equal(new UriBuilder(server.Url("robots.txt")) { Host = "localhost" }.Uri.AbsoluteUri, image.OptOut.Source);
    }

}
