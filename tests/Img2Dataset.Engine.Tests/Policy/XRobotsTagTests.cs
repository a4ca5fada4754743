using Img2Dataset.Engine.Policy;

namespace Img2Dataset.Engine.Tests.Policy;

public class XRobotsTagTests
{
    /// <summary>Header lines are separated by " || "; expected matches by " | " (empty: allowed).</summary>
    [Theory]
    // Plain directives, case and whitespace.
    [InlineData("X-Robots-Tag: noai", "noai")]
    [InlineData("X-Robots-Tag: NoAI", "noai")]
    [InlineData("X-Robots-Tag:    noimageai   ", "noimageai")]
    [InlineData("X-Robots-Tag: noindex", "noindex")]
    [InlineData("X-Robots-Tag: noimageindex", "noimageindex")]
    [InlineData("x-robots-tag: noai", "noai")]
    [InlineData("X-Robots-Tag: nofollow", "")]
    [InlineData("X-Robots-Tag: noarchive, nosnippet", "")]
    [InlineData("X-Robots-Tag: all", "")]
    [InlineData("X-Robots-Tag: index, follow", "")]
    // none means noindex, nofollow.
    [InlineData("X-Robots-Tag: none", "noindex")]
    [InlineData("X-Robots-Tag: NONE", "noindex")]
    // Several directives in one header, several headers.
    [InlineData("X-Robots-Tag: nofollow, noai", "noai")]
    [InlineData("X-Robots-Tag: noai, noimageai, noindex, noimageindex, nofollow", "noai | noimageai | noindex | noimageindex")]
    [InlineData("X-Robots-Tag: nofollow || X-Robots-Tag: noimageai", "noimageai")]
    [InlineData("X-Robots-Tag: noarchive || X-Robots-Tag: nosnippet", "")]
    [InlineData("X-Robots-Tag: noai || X-Robots-Tag: noai", "noai")]
    // Groups scoped to us, in any case and spacing.
    [InlineData("X-Robots-Tag: img2dataset: noai", "img2dataset: noai")]
    [InlineData("X-Robots-Tag: Img2Dataset: NoIndex", "img2dataset: noindex")]
    [InlineData("X-Robots-Tag: img2dataset : noai", "img2dataset: noai")]
    [InlineData("X-Robots-Tag: img2dataset:noimageai", "img2dataset: noimageai")]
    [InlineData("X-Robots-Tag: img2dataset: none", "img2dataset: noindex")]
    [InlineData("X-Robots-Tag: img2dataset: nofollow", "")]
    // Groups scoped to other agents do not apply.
    [InlineData("X-Robots-Tag: googlebot: noindex", "")]
    [InlineData("X-Robots-Tag: otherbot: noai, noimageai", "")]
    [InlineData("X-Robots-Tag: googlebot: noindex || X-Robots-Tag: img2dataset: noai", "img2dataset: noai")]
    [InlineData("X-Robots-Tag: googlebot: noindex || X-Robots-Tag: nofollow", "")]
    // Several groups in one header: a group lasts until the next name.
    [InlineData("X-Robots-Tag: noai, googlebot: noindex", "noai")]
    [InlineData("X-Robots-Tag: googlebot: noindex, img2dataset: noimageai", "img2dataset: noimageai")]
    [InlineData("X-Robots-Tag: img2dataset: nofollow, googlebot: noai, noindex", "")]
    [InlineData("X-Robots-Tag: googlebot: nofollow, noai", "")]
    [InlineData("X-Robots-Tag: bingbot: noindex, img2dataset: noai, googlebot: noimageai", "img2dataset: noai")]
    // Valued directives are not agent names and do not break parsing.
    // A past unavailable_after date means noindex, which is refused by default; a future one means nothing yet.
    [InlineData("X-Robots-Tag: unavailable_after: 25 Jun 2010 15:00:00 PST", "unavailable_after: 25 Jun 2010 15:00:00 PST (passed, so noindex)")]
    [InlineData("X-Robots-Tag: unavailable_after: 25 Jun 2010 15:00:00 PST, noai", "noai | unavailable_after: 25 Jun 2010 15:00:00 PST (passed, so noindex)")]
    [InlineData("X-Robots-Tag: unavailable_after: Friday, 25-Jun-2010 15:00:00 PST, noimageai", "noimageai | unavailable_after: Friday, 25-Jun-2010 15:00:00 PST (passed, so noindex)")]
    [InlineData("X-Robots-Tag: unavailable_after: 2010-06-25T15:00:00Z", "unavailable_after: 2010-06-25T15:00:00Z (passed, so noindex)")]
    [InlineData("X-Robots-Tag: unavailable_after: 2999-06-25", "")]
    [InlineData("X-Robots-Tag: unavailable_after: not a date", "")]
    [InlineData("X-Robots-Tag: max-image-preview: none", "")]
    [InlineData("X-Robots-Tag: max-image-preview: none, noai", "noai")]
    [InlineData("X-Robots-Tag: max-snippet: 20, max-video-preview: -1", "")]
    [InlineData("X-Robots-Tag: img2dataset: max-image-preview: large, noindex", "img2dataset: noindex")]
    [InlineData("X-Robots-Tag: googlebot: unavailable_after: 25 Jun 2010 15:00:00 PST, noai", "")]
    // Empty and garbage values.
    [InlineData("X-Robots-Tag: ", "")]
    [InlineData("X-Robots-Tag: ,,, ,", "")]
    [InlineData("X-Robots-Tag: ###, %%%, ;;;", "")]
    [InlineData("X-Robots-Tag: :noai", "noai")]
    [InlineData("X-Robots-Tag: noai;", "")]
    [InlineData("X-Robots-Tag: \"noai\"", "")]
    [InlineData("X-Robots-Tag: 15: noai", "")]
    // No X-Robots-Tag at all; other headers are not read.
    [InlineData("Content-Type: image/jpeg", "")]
    [InlineData("X-Robots: noai", "")]
    public void DecidesFromXRobotsTag(string headerLines, string expectedMatches)
    {
        var decision = Evaluate(new OptOutPolicy(), headerLines);
        var expected = expectedMatches.Length == 0 ? [] : expectedMatches.Split(" | ");

        Assert.Equal(expected, decision.MatchedDirectives);
        Assert.Equal(expected.Length == 0, decision.Allowed);
        Assert.Equal(expected.Length == 0 ? OptOutSignal.None : OptOutSignal.XRobotsTag, decision.Signal);
    }

    [Fact]
    public void TheTokenIsConfigurableAndCaseInsensitive()
    {
        var policy = new OptOutPolicy { UserAgentToken = "MyCrawler" };
        Assert.False(Evaluate(policy, "X-Robots-Tag: mycrawler: noai").Allowed);
        Assert.True(Evaluate(policy, "X-Robots-Tag: img2dataset: noai").Allowed);
    }

    [Fact]
    public void AnEmptyDirectiveSetTurnsTheHeaderCheckOff()
    {
        var decision = Evaluate(new OptOutPolicy { DisallowedDirectives = [] }, "X-Robots-Tag: noai, noindex");
        Assert.True(decision.Allowed);
        Assert.Equal(["noai, noindex"], decision.XRobotsTag);
    }

    [Fact]
    public void CustomDirectivesCanBeDisallowed()
    {
        var decision = Evaluate(new OptOutPolicy { DisallowedDirectives = [" NoML "] }, "X-Robots-Tag: noml || X-Robots-Tag: noai");
        Assert.Equal(["noml"], decision.MatchedDirectives);
    }

    [Fact]
    public void TdmReservationExcludesByDefaultAndRecordsThePolicy()
    {
        var decision = Evaluate(new OptOutPolicy(), "tdm-reservation: 1 || TDM-Policy: https://example.com/tdm.json");

        Assert.Equal(OptOutSignal.TdmReservation, decision.Signal);
        Assert.Equal("https://example.com/tdm.json", decision.TdmPolicy);
        Assert.Equal(OptOutDecision.TdmReservationMessage, decision.Message);
    }

    [Theory]
    [InlineData("tdm-reservation: 0")]
    [InlineData("tdm-reservation: yes")]
    public void OnlyAReservationOfOneExcludes(string header) => Assert.True(Evaluate(new OptOutPolicy(), header).Allowed);

    [Fact]
    public void TdmReservationCanBeIgnored() =>
        Assert.True(Evaluate(new OptOutPolicy { RespectTdmReservation = false }, "tdm-reservation: 1").Allowed);

    [Fact]
    public void XRobotsTagWinsWhenBothSignalsExclude()
    {
        var decision = Evaluate(new OptOutPolicy(), "tdm-reservation: 1 || X-Robots-Tag: noai");
        Assert.Equal(OptOutSignal.XRobotsTag, decision.Signal);
        Assert.Equal(OptOutDecision.XRobotsTagMessage, decision.Message);
        Assert.Equal("1", decision.TdmReservation);
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("bot:")]
    [InlineData(" ")]
    public void ATokenThatCannotBeAnAgentNameIsRefused(string token) =>
        Assert.Throws<ArgumentException>(() => new OptOutEvaluator(new OptOutPolicy { UserAgentToken = token }));

    [Fact]
    public void HeaderLinesNeedANameAndAColon()
    {
        var error = Assert.Throws<FormatException>(() => HeaderLines.Parse(["noai"]));
        Assert.Contains("'noai'", error.Message);
    }

    private static OptOutDecision Evaluate(OptOutPolicy policy, string headerLines) =>
        new OptOutEvaluator(policy).Evaluate(HeaderLines.Parse(headerLines.Split(" || ")));
}
