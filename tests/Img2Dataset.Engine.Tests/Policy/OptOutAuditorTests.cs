using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Policy;
using Img2Dataset.Engine.Tests.ImageServer;

namespace Img2Dataset.Engine.Tests.Policy;

public sealed class OptOutAuditorTests(ImageServerFixture server) : IClassFixture<ImageServerFixture>
{
    [Theory]
    [InlineData("", true, "")]
    [InlineData("&header=X-Robots-Tag:noai", false, "noai")]
    [InlineData("&header=X-Robots-Tag:noimageai", false, "noimageai")]
    [InlineData("&header=X-Robots-Tag:noindex", false, "noindex")]
    [InlineData("&header=X-Robots-Tag:noimageindex", false, "noimageindex")]
    [InlineData("&header=X-Robots-Tag:none", false, "noindex")]
    [InlineData("&header=X-Robots-Tag:img2dataset:%20noai", false, "img2dataset: noai")]
    [InlineData("&header=X-Robots-Tag:otherbot:%20noai", true, "")]
    [InlineData("&header=X-Robots-Tag:nofollow&header=X-Robots-Tag:noimageai", false, "noimageai")]
    [InlineData("&header=tdm-reservation:1", false, "tdm-reservation: 1")]
    public async Task AuditsEachOptOutHeaderWithHead(string faults, bool allowed, string directives)
    {
        var verdict = await Audit(new OptOutPolicy(), $"images/32x32/1.jpg?x=1{faults}");

        Assert.Null(verdict.Error);
        Assert.Equal("HEAD", verdict.Method);
        Assert.Equal(200, verdict.StatusCode);
        Assert.Equal(allowed, verdict.Allowed);
        Assert.Equal(directives, verdict.Directives);
    }

    [Fact]
    public async Task FallsBackToARangedGetWhenHeadIsRefused()
    {
        var verdict = await Audit(new OptOutPolicy(), "images/32x32/1.jpg?refuseHead=1&header=X-Robots-Tag:noai");
        Assert.Equal("GET", verdict.Method);
        Assert.False(verdict.Allowed);
    }

    [Fact]
    public async Task AnHttpErrorIsReportedWithTheHeadersStillJudged()
    {
        var verdict = await Audit(new OptOutPolicy(), "images/32x32/1.jpg?status=404");
        Assert.Equal(404, verdict.StatusCode);
        Assert.Equal("HTTP Error 404: Not Found", verdict.Error);
    }

    [Fact]
    public async Task PrivateAddressesAreRefusedUnlessAllowed()
    {
        var verdict = await Audit(new OptOutPolicy(), "images/32x32/1.jpg", allowPrivate: false);
        Assert.Null(verdict.Allowed);
        Assert.Contains("Refused to connect to 127.0.0.1", verdict.Error);
    }

    [Fact]
    public async Task ASlowServerTimesOut()
    {
        var verdict = await Audit(new OptOutPolicy(), "images/32x32/1.jpg?delayMs=5000", timeout: TimeSpan.FromMilliseconds(300));
        Assert.Equal("Timed out after 0.3 s", verdict.Error);
    }

    [Theory]
    [InlineData("ftp://example.com/a.jpg")]
    [InlineData("not a url")]
    public async Task OnlyHttpUrlsAreAudited(string url)
    {
        using var client = HttpClientFactory.Create(new FetchOptions { AllowPrivateNetwork = true });
        var verdict = await new OptOutAuditor(client, new OptOutEvaluator(new OptOutPolicy()), null, TimeSpan.FromSeconds(5), 5)
            .AuditAsync(url, CancellationToken.None);
        Assert.StartsWith("Not an http or https URL", verdict.Error);
    }

    private async Task<OptOutVerdict> Audit(OptOutPolicy policy, string path, bool allowPrivate = true, TimeSpan? timeout = null)
    {
        using var client = HttpClientFactory.Create(new FetchOptions { AllowPrivateNetwork = allowPrivate });
        var auditor = new OptOutAuditor(client, new OptOutEvaluator(policy), null, timeout ?? TimeSpan.FromSeconds(5), 5);
        return await auditor.AuditAsync(server.Url(path).ToString(), CancellationToken.None);
    }
}
