using Img2Dataset.Engine.Output;

namespace Img2Dataset.Engine.Tests.Output;

public class ErrorTallyTests
{
    [Theory]
    [InlineData("/data/list.csv, line 12: empty url in column 'url'", "empty url in column '…'")]
    [InlineData("/data/list.parquet, record 3: invalid UTF-8 in column 'caption'", "invalid UTF-8 in column '…'")]
    [InlineData("Connection refused (203.0.113.7:8080)", "Connection refused")]
    [InlineData("Redirect to an unsupported location (only absolute http and https URLs with a host are followed): 'about:blank'",
        "Redirect to an unsupported location (only absolute http and https URLs with a host are followed): '…'")]
    [InlineData("HTTP Error 404: Not Found", "HTTP Error 404: Not Found")]
    public void KeysMessagesWithoutTheirRowsParticulars(string message, string key) => Assert.Equal(key, ErrorTally.KeyOf(message));

    [Fact]
    public void CapsTheDistinctMessagesAndCountsTheRestTogether()
    {
        var tally = new ErrorTally();

        for (var i = 0; i < ErrorTally.MaxDistinctMessages + 500; i++)
        {
            tally.Add($"error number {i}");
        }
        tally.Add("error number 0");

        Assert.Equal(ErrorTally.MaxDistinctMessages + 1, tally.Counts.Count);
        Assert.Equal(500, tally.Counts[ErrorTally.OtherMessages]);
        Assert.Equal(2, tally.Counts["error number 0"]);
    }
}
