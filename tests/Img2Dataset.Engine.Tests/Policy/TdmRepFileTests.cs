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
    [InlineData("2")]
    [InlineData("\"1\"")]
    [InlineData("true")]
    public void AReservationOtherThan0Or1IsUnset(string value)
    {
        var rule = Parse($$"""[{"location": "/", "tdm-reservation": {{value}}}, {"location": "/", "tdm-reservation": 1}]""").Match("/x.jpg")!;

        Assert.Null(rule.Reservation);
        Assert.False(rule.Reserves);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"location\": \"/\", \"tdm-reservation\": 1}")]
    [InlineData("[{\"tdm-reservation\": 1}]")]
    [InlineData("[{\"location\": \"/\"}]")]
    [InlineData("[1]")]
    public void AMalformedFileIsAFormatError(string json) =>
        Assert.Throws<FormatException>(() => Parse(json));

    private static TdmRepFile Parse(string json) => TdmRepFile.Parse(Encoding.UTF8.GetBytes(json), Source);
}
