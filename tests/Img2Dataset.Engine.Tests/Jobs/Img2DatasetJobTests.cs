using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Jobs;
using Img2Dataset.Engine.Output;
using Img2Dataset.Engine.Tests.ImageServer;
using Img2Dataset.Engine.Tests.Imaging;

namespace Img2Dataset.Engine.Tests.Jobs;

public sealed class Img2DatasetJobTests(ImageServerFixture server) : IClassFixture<ImageServerFixture>, IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task WritesEveryRowIntoShardsWithConfigAndStats()
    {
        var summary = await new Img2DatasetJob(Options(rows: 25)).RunAsync(null, CancellationToken.None);

        Assert.Equal((25, 3, 0), (summary.Count, summary.ShardsWritten, summary.ShardsSkipped));
        Assert.Equal(25, summary.Successes + summary.FailedToDownload + summary.FailedToResize);
        Assert.Equal(3, summary.FailedToDownload);
        Assert.Contains(summary.TopErrors, e => e.Key == "Use of image disallowed by X-Robots-Tag directive");
        Assert.True(File.Exists(JobConfiguration.PathIn(Out)));
        var statistics = DatasetStatistics.Read(Out);
        Assert.Equal((3, 25), (statistics.Shards, statistics.Count));
        Assert.Equal(25, DatasetReader.CompleteShards(Out).Sum(s => DatasetReader.ReadMetadata(Path.Combine(Out, s + ".parquet")).Count()));
    }

    [Theory]
    [InlineData("area/photo", 96, 128, 96)]
    [InlineData("lanczos4/small", 94, 122, 94)]
    public async Task AResizedImageReadBackFromItsShardHasOpenCvsPixels(string fixture, int imageSize, int width, int height)
    {
        // Downloaded, resized by keep_ratio with the reference's defaults (351×263 shrunk by INTER_AREA, 61×47 enlarged
        // by INTER_LANCZOS4), written losslessly into a tar and read back: the pixels OpenCV gave the same source.
        var list = folder.Write("resized.txt", server.Url($"fixtures/{fixture}.png") + "\n");
        await new Img2DatasetJob(Options(rows: 0) with
        {
            UrlList = [list],
            Image = new ImageTransformOptions { ImageSize = imageSize, ResizeMode = ResizeMode.KeepRatio, EncodeFormat = EncodeFormat.Png, EncodeQuality = 9 },
        }).RunAsync(null, CancellationToken.None);

        var sample = DatasetReader.Read(Out).Single();
        using var stored = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(sample.Image!);
        OpenCvOutputs.AssertEqual(stored, $"{fixture}-{width}x{height}", OpenCvOutputs.Rgb);
    }

    [Fact]
    public async Task ABadInputRowIsAFailedRowInTheMetadata()
    {
        var list = folder.Write("bad.csv", $"url,caption\n{server.Url("images/16x16/1.jpg")},a\n,b\n");
        var summary = await new Img2DatasetJob(Options(rows: 0) with { UrlList = [list], Input = new UrlListOptions { CaptionColumn = "caption", SamplesPerShard = 10 } })
            .RunAsync(null, CancellationToken.None);

        var rows = DatasetReader.ReadMetadata(Path.Combine(Out, "00000.parquet")).ToList();
        Assert.Equal((2, 1), (summary.Count, summary.FailedToDownload));
        Assert.Equal($"{list}, line 3: empty url in column 'url'", rows.Single(r => (string?)r["key"] == "000001")["error_message"]);
    }

    [Fact]
    public async Task IncrementalModeSkipsCompleteShards()
    {
        await new Img2DatasetJob(Options(rows: 25)).RunAsync(null, CancellationToken.None);
        File.Delete(Path.Combine(Out, "00001_stats.json"));

        var again = await new Img2DatasetJob(Options(rows: 25)).RunAsync(null, CancellationToken.None);

        Assert.Equal((10, 1, 2), (again.Count, again.ShardsWritten, again.ShardsSkipped));
        Assert.Equal(25, DatasetStatistics.Read(Out).Count);
    }

    [Fact]
    public async Task AShardCommittedByAKilledRunIsFinishedFromItsFilesNotWrittenAgain()
    {
        await new Img2DatasetJob(Options(rows: 25)).RunAsync(null, CancellationToken.None);
        // As if the run was killed after the commit of shard 1, before moving its tar into place.
        var attempt = ShardStatistics.Parse(Path.Combine(Out, "00001_stats.json")).Commit!.Attempt;
        File.Move(Path.Combine(Out, "00001.tar"), ShardAttempt.Of(attempt).Partial(Path.Combine(Out, "00001.tar")));
        Assert.Equal(["00000", "00002"], DatasetReader.CompleteShards(Out));

        var again = await new Img2DatasetJob(Options(rows: 25)).RunAsync(null, CancellationToken.None);

        Assert.Equal((0, 0, 3), (again.Count, again.ShardsWritten, again.ShardsSkipped));
        Assert.Equal(["00000", "00001", "00002"], DatasetReader.CompleteShards(Out));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Out, "*" + ShardAttempt.Suffix));
    }

    [Fact]
    public async Task AShardWhoseFilesAreNotAsCommittedIsWrittenAgain()
    {
        await new Img2DatasetJob(Options(rows: 25)).RunAsync(null, CancellationToken.None);
        File.WriteAllText(Path.Combine(Out, "00001.tar"), "bytes of another writer");

        var again = await new Img2DatasetJob(Options(rows: 25)).RunAsync(null, CancellationToken.None);

        Assert.Equal((10, 1, 2), (again.Count, again.ShardsWritten, again.ShardsSkipped));
        Assert.Equal(25, DatasetStatistics.Read(Out).Count);
    }

    [Fact]
    public async Task EachRowIsCountedOnceHoweverManyPassesItsShardTakes()
    {
        // Shard 1's tar name is taken by a folder: its writing fails in every pass.
        Directory.CreateDirectory(Path.Combine(Out, "00001.tar"));

        var summary = await new Img2DatasetJob(Options(rows: 25) with { MaxShardRetry = 2 }).RunAsync(null, CancellationToken.None);

        Assert.Equal(25, summary.Count);
        Assert.Equal([1], summary.ShardsFailed);
        Assert.Equal(2, summary.ShardsWritten);
    }

    [Fact]
    public async Task AStoppedJobResumesToTheSameDatasetAsAnUninterruptedOne()
    {
        var reference = await RunToKeys(Options(rows: 40, output: "reference"));
        using var stop = new CancellationTokenSource();
        var interrupted = new Img2DatasetJob(Options(rows: 40));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => interrupted.RunAsync(p =>
        {
            if (p.ShardsWritten >= 1)
            {
                stop.Cancel();
            }
        }, stop.Token));
        var completeBefore = DatasetReader.CompleteShards(Out).Count;

        var resumed = await new Img2DatasetJob(Options(rows: 40)).RunAsync(null, CancellationToken.None);

        Assert.InRange(completeBefore, 1, 3);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Out, "*.partial"));
        Assert.Equal(completeBefore, resumed.ShardsSkipped);
        Assert.Equal(reference, Keys(Out));
    }

    [Fact]
    public async Task OverwriteStartsAfreshAndExtendNumbersOn()
    {
        await new Img2DatasetJob(Options(rows: 15)).RunAsync(null, CancellationToken.None);
        File.WriteAllText(Path.Combine(Out, "stray.txt"), "left from before");

        await new Img2DatasetJob(Options(rows: 15) with { IncrementalMode = IncrementalMode.Overwrite }).RunAsync(null, CancellationToken.None);
        Assert.True(File.Exists(Path.Combine(Out, "stray.txt")));
        Assert.Equal(["00000", "00001"], DatasetReader.CompleteShards(Out));

        await new Img2DatasetJob(Options(rows: 15) with { IncrementalMode = IncrementalMode.Overwrite, OverwriteEverything = true }).RunAsync(null, CancellationToken.None);
        Assert.False(File.Exists(Path.Combine(Out, "stray.txt")));

        var extended = await new Img2DatasetJob(Options(rows: 15) with { IncrementalMode = IncrementalMode.Extend }).RunAsync(null, CancellationToken.None);
        Assert.Equal(["00000", "00001", "00002", "00003"], DatasetReader.CompleteShards(Out));
        Assert.Equal(2, extended.ShardsWritten);
    }

    [Fact]
    public async Task AShardThatCannotBeWrittenIsRetriedThenReportedWhileTheOthersAreWritten()
    {
        Directory.CreateDirectory(Path.Combine(Out, "00001.tar"));
        var log = new List<string>();

        var summary = await new Img2DatasetJob(Options(rows: 25)) { Log = log.Add }.RunAsync(null, CancellationToken.None);

        Assert.Equal([1], summary.ShardsFailed);
        Assert.Equal(["00000", "00002"], DatasetReader.CompleteShards(Out));
        Assert.Contains("Retrying 1 shards, try 1", log);
        Assert.Contains("Retried 1 times, but 1 shards still failed. You may restart the same command to retry again.", log);
    }

    [Fact]
    public async Task BadInputFailsBeforeAnythingIsCreated()
    {
        var options = Options(rows: 5) with { Input = new UrlListOptions { UrlColumn = "URL", SamplesPerShard = 10 } };
        var list = folder.Write("cols.csv", "url\nhttp://a/1\n");

        await Assert.ThrowsAsync<UrlListException>(() => new Img2DatasetJob(options with { UrlList = [list] }).RunAsync(null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            new Img2DatasetJob(options with { Image = new ImageTransformOptions { EncodeFormat = EncodeFormat.Png } }).RunAsync(null, CancellationToken.None));
        Assert.False(Directory.Exists(Out));
    }

    private string Out => folder.File("out");

    private JobOptions Options(int rows, string output = "out")
    {
        var lines = Enumerable.Range(0, rows).Select(i => server.Url(i % 8 == 3 ? $"images/24x24/{i}.jpg?header=X-Robots-Tag:noai" : $"images/24x24/{i}.jpg").ToString());
        var list = folder.Write($"urls-{rows}.txt", string.Join("\n", lines) + "\n");
        return new JobOptions
        {
            UrlList = [list],
            OutputFolder = folder.File(output),
            OutputFormat = OutputFormat.WebDataset,
            Input = new UrlListOptions { SamplesPerShard = 10 },
            Download = new DownloadOptions { Fetch = new FetchOptions { AllowPrivateNetwork = true, ThreadCount = 8 } },
            Image = new ImageTransformOptions { ImageSize = 16 },
        };
    }

    private async Task<List<string>> RunToKeys(JobOptions options)
    {
        await new Img2DatasetJob(options).RunAsync(null, CancellationToken.None);
        return Keys(options.OutputFolder);
    }

    private static List<string> Keys(string output) =>
        DatasetReader.CompleteShards(output)
            .SelectMany(s => DatasetReader.ReadMetadata(Path.Combine(output, s + ".parquet")))
            .Select(r => $"{r["key"]} {r["status"]}")
            .Order(StringComparer.Ordinal)
            .ToList();
}
