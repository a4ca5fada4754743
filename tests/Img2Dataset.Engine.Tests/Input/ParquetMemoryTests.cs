using Img2Dataset.Engine.Input;
using Parquet;
using Parquet.Serialization;

namespace Img2Dataset.Engine.Tests.Input;

/// <summary>A parquet list written as one large row group: only the columns asked for are decoded.</summary>
[Collection(MemoryMeasurements.Name)]
public sealed class ParquetMemoryTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task OneRowGroupOfHalfAMillionRowsIsReadHoldingOnlyTheColumnsAskedFor()
    {
        const int Rows = 500_000;
        var path = folder.File("one-group.parquet");
        var records = Enumerable.Range(0, Rows).Select(i => new WideRecord
        {
            url = $"http://example.com/images/{i}.jpg", caption = $"a photo of thing number {i}",
            a = $"column a {i}", b = $"column b {i}", c = $"column c {i}", d = $"column d {i}", e = $"column e {i}", f = $"column f {i}",
        });
        await ParquetSerializer.SerializeAsync(records, path, new ParquetOptions { RowGroupSize = Rows });
        Assert.Equal(1, InputFiles.RowGroupCount(path));
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        var count = 0;

        foreach (var row in new UrlListReader(new UrlListOptions { CaptionColumn = "caption" }).Read(path))
        {
            if (++count % 25_000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                Assert.Equal($"a photo of thing number {count - 1}", row.Caption);
            }
        }

        Assert.Equal(Rows, count);
        // The url and caption of half a million rows as .NET strings take about 100 MB; every column of every row as
        // dictionaries, as the whole-record reader held them, took more than 600 MB.
        Assert.InRange(peak, 0, 200L * 1024 * 1024);
    }

#pragma warning disable IDE1006 // Column names as img2dataset users write them.
    private sealed class WideRecord
    {
        public string? url { get; set; }
        public string? caption { get; set; }
        public string? a { get; set; }
        public string? b { get; set; }
        public string? c { get; set; }
        public string? d { get; set; }
        public string? e { get; set; }
        public string? f { get; set; }
    }
#pragma warning restore IDE1006
}
