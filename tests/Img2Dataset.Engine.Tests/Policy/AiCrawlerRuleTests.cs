using Img2Dataset.Engine.Policy;

namespace Img2Dataset.Engine.Tests.Policy;

/// <summary>
/// robots.txt groups addressed to AI-training crawlers by name (<see cref="RobotsTxt.AiCrawlerRefusals"/>), matched
/// as RFC 9309 §2.2 matches any group, and the shipped token list.
/// </summary>
public sealed class AiCrawlerRuleTests
{
    private static readonly string[] Crawlers = ["GPTBot", "CCBot", "Google-Extended"];

    [Fact]
    public void AGroupForOneCrawlerRefusesWithTheTokenTheGroupAndTheRule()
    {
        var robots = RobotsTxt.Parse("User-agent: *\nAllow: /\n\nUser-agent: GPTBot\nDisallow: /\n");

        Assert.Equal(["GPTBot: group of line 4 (User-agent: GPTBot), line 5: Disallow: /"], robots.AiCrawlerRefusals("/photos/1.jpg", Crawlers));
        Assert.True(robots.IsAllowed("/photos/1.jpg", "img2dataset"));
    }

    [Fact]
    public void AGroupNamingSeveralAgentsCountsWhenOneIsOnTheList()
    {
        var robots = RobotsTxt.Parse("User-agent: SomeSearchBot\nUser-agent: CCBot/2.0\nDisallow: /photos/\n");

        Assert.Equal(["CCBot: group of line 1 (User-agent: SomeSearchBot, CCBot/2.0), line 3: Disallow: /photos/"], robots.AiCrawlerRefusals("/photos/1.jpg", Crawlers));
        Assert.Empty(robots.AiCrawlerRefusals("/about.html", Crawlers));
    }

    [Fact]
    public void EveryCrawlerRefusedIsListedOnceWithItsOwnDecidingGroup()
    {
        var robots = RobotsTxt.Parse("User-agent: GPTBot\nDisallow: /a/\n\nUser-agent: google-extended\nAllow: /a/public/\n\nUser-agent: GPTBot\nDisallow: /a/public/\n");

        Assert.Equal(["GPTBot: group of line 7 (User-agent: GPTBot), line 8: Disallow: /a/public/"], robots.AiCrawlerRefusals("/a/public/1.jpg", Crawlers));
        Assert.Equal(["GPTBot: group of line 1 (User-agent: GPTBot), line 2: Disallow: /a/"], robots.AiCrawlerRefusals("/a/1.jpg", Crawlers));
    }

    [Theory]
    [InlineData("User-agent: *\nDisallow: /\n", "/x.jpg")]
    [InlineData("User-agent: GPTBot\nDisallow: /photos/\nAllow: /photos/\n", "/photos/1.jpg")]
    [InlineData("User-agent: GPTBot\nDisallow: /\nAllow: /public/\n", "/public/1.jpg")]
    [InlineData("User-agent: GPTBot\nDisallow:\n", "/x.jpg")]
    [InlineData("User-agent: GPTBot-Image\nDisallow: /\n", "/x.jpg")]
    [InlineData("User-agent: GPTBot\nDisallow: /\n", "/robots.txt")]
    public void WhatRfc9309AllowsStaysAllowed(string file, string path) =>
        Assert.Empty(RobotsTxt.Parse(file).AiCrawlerRefusals(path, Crawlers));

    [Fact]
    public void TokensMatchWithoutRegardToCase() =>
        Assert.Single(RobotsTxt.Parse("user-agent: gptbot\ndisallow: /\n").AiCrawlerRefusals("/x", Crawlers));

    [Fact]
    public void AFileThatCouldNotBeHadSaysNothingOfThem()
    {
        Assert.Empty(RobotsTxt.UnreachableBecause("HTTP 503").AiCrawlerRefusals("/x", Crawlers));
        Assert.Empty(RobotsTxt.Unavailable("HTTP 404").AiCrawlerRefusals("/x", Crawlers));
    }

    [Fact]
    public void KeepingTheFileCompactKeepsTheCrawlersGroups()
    {
        var file = "User-agent: OtherBot\nDisallow: /\n\nUser-agent: GPTBot\nDisallow: /\n";

        Assert.Single(RobotsTxt.Parse(file).Keep(["img2dataset", .. Crawlers]).AiCrawlerRefusals("/x", Crawlers));
        Assert.Empty(RobotsTxt.Parse(file).Keep(["img2dataset"]).AiCrawlerRefusals("/x", Crawlers));
    }

    [Fact]
    public void TheShippedListNamesTheCrawlersOfTheIssueEachWithItsSource()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, AiCrawlerTokens.FileName)).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        Assert.Superset(
            new HashSet<string> { "GPTBot", "CCBot", "Google-Extended", "Applebot-Extended", "ClaudeBot", "anthropic-ai", "meta-externalagent", "Bytespider", "cohere-training-data-crawler" },
            AiCrawlerTokens.Default.ToHashSet());
        Assert.All(lines, line => Assert.Matches(@"^[A-Za-z0-9._-]+\thttps://\S+ \(.+\)$", line));
        Assert.Equal(lines.Count, AiCrawlerTokens.Default.Count);
    }

    [Theory]
    [InlineData("GPT Bot")]
    [InlineData("GPTBot/1.1")]
    [InlineData("")]
    public void ATokenThatIsNotOneProductTokenIsRefusedByName(string token)
    {
        var error = Assert.Throws<ArgumentException>(() => new OptOutPolicy { AiCrawlerTokens = [token] }.Validate());

        Assert.Contains($"'{token}'", error.Message);
        Assert.Equal("AiCrawlerTokens", error.ParamName);
    }
}
