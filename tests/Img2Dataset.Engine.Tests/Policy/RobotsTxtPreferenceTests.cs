using Img2Dataset.Engine.Policy;

namespace Img2Dataset.Engine.Tests.Policy;

/// <summary>Content-Usage (draft-ietf-aipref-attach-05 §3) and Content-Signal lines of robots.txt.</summary>
public sealed class RobotsTxtPreferenceTests
{
    private const string DraftExample = """
        User-Agent: *
        Allow: /
        Disallow: /never/
        Content-Usage: train-ai=n
        Content-Usage: /ai-ok/ train-ai=y

        User-Agent: ExampleBot
        Allow: /
        Content-Usage: train-ai=y
        """;

    [Theory]
    [InlineData("/test", "img2dataset", "line 4: Content-Usage: train-ai=n")]
    [InlineData("/ai-ok/photo.jpg", "img2dataset", "")]
    [InlineData("/test", "examplebot", "")]
    public void TheDraftsExampleAttachesPreferencesByLongestPath(string path, string token, string refusedBy) =>
        Assert.Equal(refusedBy, string.Join(" | ", RobotsTxt.Parse(DraftExample).RefusedTraining(path, token, OptOutSignal.ContentUsage)));

    /// <summary>
    /// The draft implies no preference for /never/ because a crawler obeying the file does not fetch it; a job that
    /// fetches it anyway (no -RespectRobotsTxt) must still meet the site's train-ai=n, not fail open.
    /// </summary>
    [Fact]
    public void APathTheFileDisallowsKeepsItsGroupsPreference() =>
        Assert.Equal(["line 4: Content-Usage: train-ai=n"], RobotsTxt.Parse(DraftExample).RefusedTraining("/never/photo.jpg", "img2dataset", OptOutSignal.ContentUsage));

    [Fact]
    public void RulesOfEqualPathsAllApplyAndTheMostRestrictiveWins()
    {
        var robots = RobotsTxt.Parse("User-agent: *\nContent-Usage: /a/ train-ai=y\nContent-Usage: /a/ train-ai=n\n");

        Assert.Equal(["line 3: Content-Usage: /a/ train-ai=n"], robots.RefusedTraining("/a/1.jpg", "img2dataset", OptOutSignal.ContentUsage));
    }

    [Fact]
    public void ContentSignalIsReadWithinTheMatchingGroupOnly()
    {
        var robots = RobotsTxt.Parse("""
            # As a CDN's managed robots.txt writes it
            User-agent: *
            Content-Signal: search=yes, ai-train=no
            Allow: /

            User-agent: img2dataset
            Content-Signal: /public/ ai-train=yes
            Content-Signal: /private/ ai-train=no
            """);

        Assert.Empty(robots.RefusedTraining("/public/1.jpg", "img2dataset", OptOutSignal.ContentSignal));
        Assert.Equal(["line 8: Content-Signal: /private/ ai-train=no"], robots.RefusedTraining("/private/1.jpg", "img2dataset", OptOutSignal.ContentSignal));
        Assert.Equal(["line 3: Content-Signal: search=yes, ai-train=no"], robots.RefusedTraining("/public/1.jpg", "otherbot", OptOutSignal.ContentSignal));
        Assert.Empty(robots.RefusedTraining("/public/1.jpg", "otherbot", OptOutSignal.ContentUsage));
    }

    [Theory]
    [InlineData("Content-Usage: train-ai=n # a comment", "/x", 1)]
    [InlineData("content-usage :  /caf%C3%A9/  train-ai=n", "/café/1.jpg", 1)]
    [InlineData("Content-Usage: /x$ train-ai=n", "/x", 1)]
    [InlineData("Content-Usage: /x$ train-ai=n", "/x/1.jpg", 0)]
    [InlineData("Content-Usage: /*.jpg$ train-ai=n", "/a/b.jpg", 1)]
    [InlineData("Content-Usage: train-ai=n,", "/x", 0)]
    [InlineData("Content-Usage: /x", "/x", 0)]
    public void RuleValuesFollowTheDraftsGrammar(string line, string path, int refusals) =>
        Assert.Equal(refusals, RobotsTxt.Parse($"User-agent: *\n{line}\n").RefusedTraining(path, "img2dataset", OptOutSignal.ContentUsage).Count);

    [Fact]
    public void AFileThatCouldNotBeHadCarriesNoPreference()
    {
        Assert.Empty(RobotsTxt.UnreachableBecause("HTTP 503").RefusedTraining("/x", "img2dataset", OptOutSignal.ContentUsage));
        Assert.Empty(RobotsTxt.Unavailable("HTTP 404").RefusedTraining("/x", "img2dataset", OptOutSignal.ContentUsage));
    }
}
