using System.Xml.Linq;
using Img2Dataset.Engine.Output;
using Img2Dataset.Engine.Reporting;
using Img2Dataset.Engine.Tests.Output;

namespace Img2Dataset.Engine.Tests.Reporting;

public sealed class DatasetReportTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private void Write(MetadataSchema schema, int total = 15, OutputFormat format = OutputFormat.WebDataset)
    {
        var layout = Samples.Layout(5);
        using var assembler = new ShardAssembler(folder.Path, format, schema: schema);
        foreach (var i in Enumerable.Range(0, total))
        {
            assembler.Add(Samples.Make(layout, i));
        }
        assembler.CompleteAll().ToList();
    }

    [Theory]
    [InlineData(MetadataSchema.Extended)]
    [InlineData(MetadataSchema.Reference)]
    public void CountsRefusalsFromTheOptOutColumnOrTheReferenceSchemasErrorMessage(MetadataSchema schema)
    {
        Write(schema);

        var figures = ReportCollector.Collect(folder.Path, "dataset", sampleCount: 0);

        Assert.Equal([("success", 8L), ("opt-out: XRobotsTag", 5L), ("failed_to_resize", 2L)], figures.Outcomes);
        var signal = Assert.Single(figures.Signals);
        Assert.Equal(("XRobotsTag", 5L, 0L), (signal.Name, signal.Refused, signal.Marked));
        Assert.Contains("\"noai\"", signal.ExampleEvidence);
        Assert.Equal(("image too small", 2L), (figures.TopErrors.Single().Message, figures.TopErrors.Single().Count));
        Assert.Equal(5, Assert.Single(figures.ConsentHosts).Refused);
    }

    [Fact]
    public void LeavesOutStoredImagesThatCannotBeDecodedAndStillWritesTheReport()
    {
        // The samples' stored bytes are a JPEG's first bytes only: hostile to any decoder.
        Write(MetadataSchema.Extended);
        var outFile = folder.File("out/report.html");

        var figures = DatasetReport.Write(folder.Path, "dataset", outFile, sampleCount: 10);

        Assert.Empty(figures.Thumbnails);
        var page = XDocument.Load(outFile);
        Assert.Equal("15", page.Descendants("dd").Single(d => (string?)d.Attribute("id") == "rows").Attribute("data-value")!.Value);
        Assert.Equal(8, figures.Histograms.Single(h => h.Title.StartsWith("Stored image size", StringComparison.Ordinal)).Total);
    }

    [Fact]
    public void ReportsADatasetThatStoresNoImagesFromItsMetadataAlone()
    {
        Write(MetadataSchema.Extended, format: OutputFormat.Dummy);

        var figures = DatasetReport.Write(folder.Path, "dataset", folder.File("report.html"), sampleCount: 10);

        Assert.Equal(15, figures.Statistics.Count);
        Assert.Empty(figures.Thumbnails);
        Assert.Equal(0, figures.Histograms.Single(h => h.Title.StartsWith("Stored image size", StringComparison.Ordinal)).Total);
    }

    [Fact]
    public void AHistogramCountsEachValueInTheBinItsEdgesOpen()
    {
        var histogram = new Histogram("width", [64, 128], Histogram.Plain);
        foreach (var value in new double[] { 1, 63.9, 64, 127, 128, 5000 })
        {
            histogram.Add(value);
        }

        Assert.Equal([("< 64", 2L), ("64 – 128", 2L), ("≥ 128", 2L)], histogram.Bins);
        Assert.Equal("1.5 MB", Histogram.Bytes(1.5 * 1024 * 1024));
    }

    [Fact]
    public void ATallyPastItsLimitGroupsNewNamesInOneEntry()
    {
        var tally = new BoundedTally<HostFigure>(h => new HostFigure(h), maxEntries: 2);
        foreach (var host in new[] { "a", "b", "c", "d", "a" })
        {
            tally[host].Rows++;
        }

        Assert.Equal([("a", 2L), ("b", 1L), (BoundedTally<HostFigure>.Others, 2L)], tally.Values.Select(h => (h.Host, h.Rows)));
    }

    [Fact]
    public void ChoosesTheSameSamplesWhateverOrderTheRowsComeIn()
    {
        var keys = Enumerable.Range(0, 200).Select(i => $"{i:0000000}").ToList();
        var forward = new SampleChooser(10);
        var backward = new SampleChooser(10);
        keys.ForEach(k => forward.Offer("00000", k, null));
        Enumerable.Reverse(keys).ToList().ForEach(k => backward.Offer("00000", k, null));

        Assert.Equal(forward.Chosen(), backward.Chosen());
        Assert.Equal(10, forward.Chosen().Count);
    }
}
