using System.Text.Json;
using Img2Dataset.Engine.Policy;

namespace Img2Dataset.Engine.Tests.Policy;

/// <summary>What the dataset records of the signals: the refusing one with where it was, the tdm-policy, and the ignored ones.</summary>
public class OptOutEvidenceTests
{
    [Fact]
    public void DirectivesGivenAsOneCommaSeparatedStringAreSplit()
    {
        var evaluator = new OptOutEvaluator(new OptOutPolicy { DisallowedDirectives = ["noai, NoImageAI"] });

        var decision = evaluator.Evaluate(HeaderLines.Parse(["X-Robots-Tag: noimageai"]));

        Assert.Equal((OptOutSignal.XRobotsTag, "noimageai"), (decision.Signal, decision.MatchedDirectives.Single()));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(" , ,")]
    public void AListOfOnlyBlanksIsAnErrorNotASilentlyDisabledCheck(string blank)
    {
        var error = Assert.Throws<ArgumentException>(() => new OptOutEvaluator(new OptOutPolicy { DisallowedDirectives = [blank, " "] }));

        Assert.Contains("only blank entries", error.Message);
    }

    [Fact]
    public void AnEmptyListTurnsTheCheckOffButKeepsTheSignalAsIgnored()
    {
        var decision = new OptOutEvaluator(new OptOutPolicy { DisallowedDirectives = [] }).Evaluate(HeaderLines.Parse(["X-Robots-Tag: noai"]));

        Assert.True(decision.Allowed);
        Assert.Equal([new OptOutEvidence(OptOutSignal.XRobotsTag, "noai", null, Ignored: true)], decision.Ignored);
    }

    [Fact]
    public void AnIgnoredTdmReservationIsKeptWithItsPolicy()
    {
        var decision = new OptOutEvaluator(new OptOutPolicy { RespectTdmReservation = false })
            .Evaluate(HeaderLines.Parse(["tdm-reservation: 1", "tdm-policy: https://example.com/policy.json"]));

        Assert.True(decision.Allowed);
        var metadata = JsonDocument.Parse(decision.ToMetadata()!).RootElement;
        Assert.Equal("https://example.com/policy.json", metadata.GetProperty("tdm_policy").GetString());
        var ignored = metadata.GetProperty("ignored")[0];
        Assert.Equal(("TdmReservation", "tdm-reservation: 1"), (ignored.GetProperty("signal").GetString(), ignored.GetProperty("matched").GetString()));
    }

    [Fact]
    public void ARefusalRecordsTheSignalWhatMatchedAndThePolicy()
    {
        var decision = new OptOutEvaluator(new OptOutPolicy())
            .Evaluate(HeaderLines.Parse(["tdm-reservation: 1", "tdm-policy: https://example.com/policy.json"])) with { Source = "https://example.com/a.jpg" };

        Assert.Equal(
            """{"signal":"TdmReservation","matched":["tdm-reservation: 1"],"source":"https://example.com/a.jpg","tdm_policy":"https://example.com/policy.json"}""",
            decision.ToMetadata());
    }

    [Fact]
    public void AnAllowedResponseWithNothingToShowRecordsNothing() =>
        Assert.Null(new OptOutEvaluator(new OptOutPolicy()).Evaluate(HeaderLines.Parse(["X-Robots-Tag: googlebot: noai"])).ToMetadata());

    [Fact]
    public void APastedHeaderBlockIsSplitIntoItsLines()
    {
        var block = "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nX-Robots-Tag: noindex,\r\n  noai\r\nTDM-Reservation: 1\r\n\r\n";

        var decision = new OptOutEvaluator(new OptOutPolicy()).Evaluate(HeaderLines.Parse([block]));

        Assert.Equal(["noindex", "noai"], decision.MatchedDirectives);
        Assert.Equal("1", decision.TdmReservation);
    }

    [Theory]
    [InlineData("X-Robots-Tag: noai\r\nnot a header line")]
    [InlineData("X Robots Tag: noai")]
    public void ALineThatIsNotNameColonValueIsRejected(string block) =>
        Assert.Throws<FormatException>(() => HeaderLines.Parse([block]));
}
