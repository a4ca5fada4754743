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
}
