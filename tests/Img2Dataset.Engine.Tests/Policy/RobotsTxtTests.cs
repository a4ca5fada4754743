using Img2Dataset.Engine.Policy;

namespace Img2Dataset.Engine.Tests.Policy;

public class RobotsTxtTests
{
    private const string Sample = """
        # comments are ignored
        User-agent: *
        Disallow: /private/
        Allow: /private/public-*.jpg$

        User-agent: Img2Dataset/1.0
        User-agent: otherbot
        Disallow: /images/noai/
        Allow: /images/noai/ok.jpg

        User-agent: googlebot
        Disallow: /
        """;

    [Theory]
    [InlineData("/images/1.jpg", "img2dataset", true)]
    [InlineData("/images/noai/1.jpg", "img2dataset", false)]
    [InlineData("/images/noai/ok.jpg", "IMG2DATASET", true)]
    [InlineData("/private/x.jpg", "img2dataset", true)]
    [InlineData("/private/x.jpg", "somebot", false)]
    [InlineData("/private/public-1.jpg", "somebot", true)]
    [InlineData("/private/public-1.jpg?size=2", "somebot", false)]
    [InlineData("/anything", "googlebot", false)]
    [InlineData("/robots.txt", "googlebot", true)]
    public void MatchesTheGroupOfTheTokenWithLongestRuleWinning(string path, string token, bool allowed) =>
        Assert.Equal(allowed, RobotsTxt.Parse(Sample).IsAllowed(path, token));

    [Fact]
    public void AllowWinsATieOfEqualLength()
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /a\nAllow: /a\n");
        Assert.True(robots.IsAllowed("/a/b", "img2dataset"));
    }

    [Fact]
    public void AnEmptyDisallowAllowsEverything() =>
        Assert.True(RobotsTxt.Parse("User-agent: *\nDisallow:\n").IsAllowed("/x", "img2dataset"));

    [Fact]
    public void NoMatchingGroupAllowsEverything() =>
        Assert.True(RobotsTxt.Parse("User-agent: googlebot\nDisallow: /\n").IsAllowed("/x", "img2dataset"));

    [Fact]
    public void TheFallbacksAllowOrDisallowEverything()
    {
        Assert.True(RobotsTxt.Unavailable("HTTP 404").IsAllowed("/x", "img2dataset"));
        Assert.False(RobotsTxt.UnreachableBecause("HTTP 503").IsAllowed("/x", "img2dataset"));
    }

    [Theory]
    [InlineData("\uFEFFUser-agent: *\nDisallow: /private/\n")]
    [InlineData("User-agent: *\rDisallow: /private/\r")]
    [InlineData("User-agent: *\r\nDisallow: /private/\r\n")]
    public void AByteOrderMarkAndEveryLineEndingAreRead(string text) =>
        Assert.False(RobotsTxt.Parse(text).IsAllowed("/private/a.jpg", "img2dataset"));

    [Theory]
    [InlineData("/café/", "/caf%C3%A9/x.jpg", false)]
    [InlineData("/caf%c3%a9/", "/caf%C3%A9/x.jpg", false)]
    [InlineData("/%7Eprivate/", "/~private/x.jpg", false)]
    [InlineData("/%7Eprivate/", "/%7Eprivate/x.jpg", false)]
    [InlineData("/~private/", "/%7eprivate/x.jpg", false)]
    [InlineData("/a%2Fb/", "/a/b/x.jpg", true)]
    [InlineData("/\u30c4/", "/%E3%83%84/x.jpg", false)]
    public void PatternsAndPathsAreComparedInOnePercentEncoding(string pattern, string path, bool allowed) =>
        Assert.Equal(allowed, RobotsTxt.Parse($"User-agent: *\nDisallow: {pattern}\n").IsAllowed(path, "img2dataset"));

    [Fact]
    public void ALineCutByTheSizeCapIsNoRule()
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /private/\nDisallow: /", truncated: true);

        Assert.True(robots.IsAllowed("/public/a.jpg", "img2dataset"));
        Assert.False(robots.IsAllowed("/private/a.jpg", "img2dataset"));
    }

    [Fact]
    public void TheMatchNamesTheRuleAndItsLine() =>
        Assert.Equal("line 3: Disallow: /private/", RobotsTxt.Parse("# rules\nUser-agent: *\nDisallow: /private/ # no\n").Match("/private/a.jpg", "img2dataset"));
}
