using System.Text.Json;
using Img2Dataset.Engine.Input;

namespace Img2Dataset.Engine.Tests.Input;

public sealed class PipedRowOrderTests
{
    private static readonly PlainUrlRows Rows = new(samplesPerShard: 10);

    /// <summary>A spool line as Invoke-Img2Dataset writes one for a piped UrlRow of shard/index.</summary>
    private static string Line(int shard, int index, bool placed = true)
    {
        var row = new Dictionary<string, object?> { ["url"] = $"http://127.0.0.1/{shard}-{index}.jpg" };
        if (placed)
        {
            row[PipedPosition.Column] = $"{shard}:{index}:{shard * 10 + index:000000}";
        }
        return JsonSerializer.Serialize(row);
    }

    private static string Spool(TempFolder folder, IEnumerable<string> lines) =>
        folder.Write(JsonLinesSpool.PipelineFileName, string.Join('\n', lines) + "\n");

    private static List<UrlRow> Read(string spool) =>
        new UrlListReader(new UrlListOptions { SamplesPerShard = 10 }).Read(spool).ToList();

    [Fact]
    public void RowsThatArriveOutOfOrderAreReadInTheirListsOrderWithTheirKeysAndShards()
    {
        using var folder = new TempFolder();
        var places = Enumerable.Range(0, 45).Select(n => (Shard: n / 10, Index: n % 10)).ToList();
        var shuffled = places.OrderBy(p => (p.Index * 7919 + p.Shard * 31) % 45).ToList();
        var spool = Spool(folder, shuffled.Select(p => Line(p.Shard, p.Index)));

        // Runs of 2 KB force several sorted runs and a real merge.
        Assert.True(PipedRowOrder.Arrange(spool, onlyList: true, runBytes: 2048));

        var rows = Read(spool);
        Assert.Equal(places.Select(p => (p.Shard, p.Index)), rows.Select(r => (r.ShardId, r.Index)));
        Assert.Equal(places.Select(p => $"{p.Shard * 10 + p.Index:000000}"), rows.Select(r => r.Key));
        Assert.Equal(places.Select(p => $"http://127.0.0.1/{p.Shard}-{p.Index}.jpg"), rows.Select(r => r.Url));
        Assert.Equal([spool], Directory.EnumerateFiles(folder.Path));
    }

    [Fact]
    public void RowsLeftOutUpstreamKeepTheKeysOfThoseThatCame()
    {
        using var folder = new TempFolder();
        var spool = Spool(folder, [Line(1, 4), Line(0, 2), Line(1, 0), Line(0, 9)]);

        Assert.True(PipedRowOrder.Arrange(spool, onlyList: true));

        Assert.Equal(["000002", "000009", "000010", "000014"], Read(spool).Select(r => r.Key));
    }

    [Theory]
    [InlineData("two rows with one place")]
    [InlineData("a shard missing between two others")]
    [InlineData("a row without a place")]
    [InlineData("another list beside the spool")]
    public void PlacesThatCannotBeKeptAreDroppedAndTheRowsNumberedInArrivalOrder(string why)
    {
        using var folder = new TempFolder();
        var lines = why switch
        {
            "two rows with one place" => [Line(0, 1), Line(0, 0), Line(0, 1)],
            "a shard missing between two others" => [Line(2, 0), Line(0, 0), Line(0, 1)],
            "a row without a place" => [Line(0, 1), Line(0, 0, placed: false), Line(0, 2)],
            _ => new[] { Line(0, 1), Line(0, 0), Line(0, 2) },
        };
        var spool = Spool(folder, lines);
        var urls = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("url").GetString()).ToList();

        Assert.False(PipedRowOrder.Arrange(spool, onlyList: why != "another list beside the spool"));

        var rows = Read(spool);
        Assert.Equal(urls, rows.Select(r => r.Url));
        Assert.Equal(["000000", "000001", "000002"], rows.Select(r => r.Key));
        Assert.DoesNotContain(PipedPosition.Column, File.ReadAllText(spool), StringComparison.Ordinal);
    }

    [Fact]
    public void AnOrderedSpoolIsLeftAsItIs()
    {
        using var folder = new TempFolder();
        var spool = Spool(folder, [Line(0, 0), Line(0, 3), Line(1, 1)]);
        var before = File.ReadAllText(spool);
        var written = File.GetLastWriteTimeUtc(spool);

        Assert.True(PipedRowOrder.Arrange(spool, onlyList: true));

        Assert.Equal(before, File.ReadAllText(spool));
        Assert.Equal(written, File.GetLastWriteTimeUtc(spool));
    }

    [Fact]
    public void APlaceIsReadOnlyFromItsOwnShape()
    {
        Assert.Equal((3, 7, "000037"), PipedPosition.Parse(PipedPosition.Of(Rows.Next("http://127.0.0.1/a.jpg") with { ShardId = 3, Index = 7, Key = "000037" })));
        Assert.Null(PipedPosition.Parse(null));
        Assert.Null(PipedPosition.Parse("3:7"));
        Assert.Null(PipedPosition.Parse("-1:7:000037"));
        Assert.Null(PipedPosition.Parse("a:7:000037"));
    }
}
