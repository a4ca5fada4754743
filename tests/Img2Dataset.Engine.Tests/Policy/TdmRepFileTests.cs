using System.Text;
using Img2Dataset.Engine.Policy;

namespace Img2Dataset.Engine.Tests.Policy;

public sealed class TdmRepFileTests
{
    private const string Source = "https://example.com/.well-known/tdmrep.json";

    /// <summary>The report's own example, "TDM File on the Origin Server".</summary>
    private const string ReportExample = """
        [
          { "location": "/directory-a/", "tdm-reservation": 1 },
          { "location": "/directory-b/html/", "tdm-reservation": 1, "tdm-policy": "https://provider.com/policies/policy.json" },
          { "location": "/directory-b/images/*.jpg", "tdm-reservation": 0 }
        ]
        """;

    [Theory]
    [InlineData("/directory-a/paper.pdf", true, null)]
    [InlineData("/directory-b/html/page.html", true, "https://provider.com/policies/policy.json")]
    [InlineData("/directory-b/images/photo.jpg", false, null)]
    public void TheReportsExampleMatches(string path, bool reserved, string? policy)
    {
        var rule = Parse(ReportExample).Match(path)!;

        Assert.Equal((reserved, policy, Source), (rule.Reserves, rule.Policy, rule.Source));
    }

    [Fact]
    public void TheFirstMatchingRuleDecidesAndMatchingIsCaseSensitive()
    {
        var file = Parse("""[{"location": "/Images/", "tdm-reservation": 0}, {"location": "/", "tdm-reservation": 1}]""");

        Assert.False(file.Match("/Images/1.jpg")!.Reserves);
        Assert.True(file.Match("/images/1.jpg")!.Reserves);
        Assert.Null(Parse("""[{"location": "/a/", "tdm-reservation": 1}]""").Match("/b/1.jpg"));
    }

    [Theory]
    [InlineData("{\"location\": \"/\", \"tdm-reservation\": 2}")]
    [InlineData("{\"location\": \"/\", \"tdm-reservation\": \"1\"}")]
    [InlineData("{\"location\": \"/\", \"tdm-reservation\": true}")]
    [InlineData("{\"location\": \"/\"}")]
    [InlineData("{\"tdm-reservation\": 0}")]
    [InlineData("{\"location\": 7, \"tdm-reservation\": 0}")]
    [InlineData("1")]
    public void AFaultyRuleIsSkippedAndReportedAndTheOthersStillApply(string faulty)
    {
        var skipped = new List<string>();

        var file = TdmRepFile.Parse(Encoding.UTF8.GetBytes($"[{faulty}, {{\"location\": \"/\", \"tdm-reservation\": 1}}]"), Source, skipped.Add);

        Assert.True(file.Match("/x.jpg")!.Reserves);
        Assert.Equal("rule 1 is skipped: it needs a \"location\" string and a \"tdm-reservation\" of 0 or 1", Assert.Single(skipped));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"location\": \"/\", \"tdm-reservation\": 1}")]
    public void AFileThatIsNotAJsonArrayIsAFormatError(string json) =>
        Assert.Throws<FormatException>(() => Parse(json));

    [Fact]
    public void AFileThatIsNotUtf8IsAFormatError()
    {
        var bytes = Encoding.UTF8.GetBytes("[{\"location\": \"/X\", \"tdm-reservation\": 1}]");
        bytes[15] = 0xFF;

        Assert.Equal("not UTF-8", Assert.Throws<FormatException>(() => TdmRepFile.Parse(bytes, Source)).Message);
    }

    private static TdmRepFile Parse(string json) => TdmRepFile.Parse(Encoding.UTF8.GetBytes(json), Source);
}
