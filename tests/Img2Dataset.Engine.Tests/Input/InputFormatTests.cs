using Img2Dataset.Engine.Input;

namespace Img2Dataset.Engine.Tests.Input;

public class InputFormatTests
{
    [Theory]
    [InlineData("list.txt", "txt")]
    [InlineData("list.TXT.GZ", "txt.gz")]
    [InlineData("a.b.csv.gz", "csv.gz")]
    [InlineData("x.tsv", "tsv")]
    [InlineData("x.json.gz", "json.gz")]
    [InlineData("x.jsonl", "jsonl")]
    [InlineData("x.jsonl.gz", "jsonl.gz")]
    [InlineData("x.parquet", "parquet")]
    public void FormatComesFromTheExtension(string file, string expected) =>
        Assert.Equal(expected, InputFormat.FromFileName(file).ToString());

    [Theory]
    [InlineData("x.parquet.gz")]
    [InlineData("x.xlsx")]
    [InlineData("noextension")]
    public void UnknownExtensionsHaveNoFormat(string file) => Assert.Null(InputFormat.FromFileName(file));

    [Fact]
    public void EveryReferenceNameParsesAndRoundTrips()
    {
        foreach (var name in InputFormat.Names)
        {
            Assert.Equal(name, InputFormat.Parse(name).ToString());
        }
    }

    [Fact]
    public void AnUnknownNameListsTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => InputFormat.Parse("xml"));
        Assert.Contains("'xml'", error.Message);
        Assert.Contains("jsonl.gz", error.Message);
    }
}
