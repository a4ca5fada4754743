using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Policy;

namespace Img2Dataset.Engine.Tests.Input;

public sealed class PipedVerdictTests
{
    private static readonly UrlRow Row = new PlainUrlRows().Next("http://127.0.0.1/a.jpg");

    [Fact]
    public void KeepsARefusalWithItsEvidenceThroughTheSpool()
    {
        var decision = new OptOutDecision
        {
            Signal = OptOutSignal.XRobotsTag,
            MatchedDirectives = ["noai", "noimageai"],
            Source = "http://127.0.0.1/a.jpg",
            AlsoRefused = [new OptOutEvidence(OptOutSignal.TdmReservation, "tdm-reservation: 1", "http://127.0.0.1/a.jpg")],
            Ignored = [new OptOutEvidence(OptOutSignal.ContentUsage, "train-ai=n", null, Ignored: true)],
        };
        var refused = Row with { Verdict = new OptOutVerdict { Url = Row.Url, StatusCode = 200, Decision = decision } };

        var read = PipedVerdict.Parse(PipedVerdict.ToJson(refused));

        Assert.NotNull(read);
        Assert.Equal(200, read.StatusCode);
        Assert.Equal(decision.ToMetadata(), read.Decision!.ToMetadata());
        Assert.True((Row with { Verdict = read }).Refused);
    }

    [Fact]
    public void SpoolsNothingForARowNoAuditRefusedAndReadsNothingFromAValueThatIsNotARefusal()
    {
        var allowed = Row with { Verdict = new OptOutVerdict { Url = Row.Url, Decision = OptOutDecision.Allow } };

        Assert.Null(PipedVerdict.ToJson(Row));
        Assert.Null(PipedVerdict.ToJson(allowed));
        Assert.Null(PipedVerdict.Parse(null));
        Assert.Null(PipedVerdict.Parse("not json"));
        Assert.Null(PipedVerdict.Parse("{\"Signal\":\"None\"}"));
        Assert.Null(PipedVerdict.Parse("{\"Signal\":\"NoSuchSignal\"}"));
    }

    [Fact]
    public void ReadsTheColumnOnlyFromTheJobsOwnSpool()
    {
        Assert.True(PipedVerdict.IsSpool("/data/out/.img2dataset/pipeline-input.jsonl"));
        Assert.False(PipedVerdict.IsSpool("/data/lists/urls.jsonl"));
    }
}
