using System.Formats.Tar;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Jobs;
using Img2Dataset.Engine.Output;
using Img2Dataset.Engine.Tests.ImageServer;

namespace Img2Dataset.Engine.Tests.Hostile;

/// <summary>Whole jobs against hostile servers, values and folders: they end, and every input row is in the metadata.</summary>
public sealed class HostileJobTests(ImageServerFixture server) : IClassFixture<ImageServerFixture>, IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string Out => folder.File("out");

    [Fact]
    public async Task RedirectsToNowhereFailTheirRowsAndTheJobEnds()
    {
        var urls = HostileServerTests.Unfollowable.Select(l => $"images/8x8/1.jpg?location={Uri.EscapeDataString(l)}")
            .Concat(Enumerable.Range(0, 8).Select(i => $"images/8x8/{i}.jpg"));

        var summary = await Run(urls, OutputFormat.WebDataset);

        Assert.Equal((20, 8, 12), (summary.Count, summary.Successes, summary.FailedToDownload));
        Assert.Equal(20, MetadataRows().Count);
    }

    [Fact]
    public async Task AShardWhoseFileCannotBeCreatedFailsAloneAndLeavesNothing()
    {
        Directory.CreateDirectory(Path.Combine(Out, "00000.parquet"));

        var summary = await Run(Enumerable.Range(0, 20).Select(i => $"images/8x8/{i}.jpg"), OutputFormat.WebDataset);

        Assert.Equal([0], summary.ShardsFailed);
        Assert.Equal(["00001"], DatasetReader.CompleteShards(Out));
        Assert.False(File.Exists(Path.Combine(Out, "00000.tar")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Out, "*.partial"));
    }

    [Fact]
    public async Task ASecondJobOnTheSameFolderIsRefusedNamingTheFirst()
    {
        using (OutputFolderLock.Acquire(Out))
        {
            var refused = await Assert.ThrowsAsync<OutputFolderLockedException>(() => Run(["images/8x8/1.jpg"], OutputFormat.WebDataset));
            Assert.Contains($"process {Environment.ProcessId} on host {Environment.MachineName}", refused.Message);
            Assert.Empty(Directory.EnumerateFiles(Out, "*.tar"));
        }

        var summary = await Run(["images/8x8/1.jpg"], OutputFormat.WebDataset);
        Assert.Equal(1, summary.Successes);
    }

    [Fact]
    public async Task ALockLeftByADeadJobIsTakenOver()
    {
        var state = OutputFolderLayout.StateFolder(Out);
        Directory.CreateDirectory(state);
        File.WriteAllText(Path.Combine(state, OutputFolderLock.FileName), "");
        File.WriteAllText(Path.Combine(state, OutputFolderLock.OwnerFileName), "process 999999 on host gone since 2026-01-01");

        var summary = await Run(["images/8x8/1.jpg"], OutputFormat.WebDataset);

        Assert.Equal(1, summary.Successes);
        Assert.False(File.Exists(Path.Combine(state, OutputFolderLock.OwnerFileName)));
    }

    [Fact]
    public async Task AShardOfOnlyFailuresIsAValidEmptyArchive()
    {
        await Run(["images/8x8/1.jpg?status=404", "images/8x8/2.jpg?status=404"], OutputFormat.WebDataset);

        var tar = Path.Combine(Out, "00000.tar");
        Assert.Equal(1024, new FileInfo(tar).Length);
        using var reader = new TarReader(File.OpenRead(tar));
        Assert.Null(reader.GetNextEntry());
        Assert.Equal(2, MetadataRows().Count);
    }

    [Theory]
    [InlineData(OutputFormat.TFRecord, "00000.tfrecord")]
    [InlineData(OutputFormat.Parquet, "00000.parquet")]
    [InlineData(OutputFormat.Files, "00000")]
    public async Task EveryFormatWritesAShardOfOnlyFailures(OutputFormat format, string main)
    {
        await Run(["images/8x8/1.jpg?status=404"], format);

        Assert.True(File.Exists(Path.Combine(Out, main)) || Directory.Exists(Path.Combine(Out, main)));
        Assert.Single(MetadataRows());
    }

    [Fact]
    public async Task BodiesHeldUntilWrittenNeverStallTheJobWithinASmallBudget()
    {
        var urls = Enumerable.Range(0, 30).Select(i => $"images/8x8/{i}.jpg?bodyBytes=300000");

        var summary = await Run(urls, OutputFormat.WebDataset, options => options with
        {
            Download = options.Download with { Fetch = options.Download.Fetch with { MaxBytesInFlight = 1024 * 1024 } },
            Image = options.Image with { DisableAllReencoding = true },
        });

        Assert.Equal(30, summary.Successes);
    }

    [Fact]
    public async Task ManyDifferentBadRowsMakeOneTallyEntry()
    {
        var lines = Enumerable.Range(0, 300).Select(i => i % 2 == 0 ? "{\"url\": \"\"}" : "{not json " + i);
        var list = folder.Write("bad.jsonl", string.Join("\n", lines) + "\n");

        var summary = await new Img2DatasetJob(Options([list], OutputFormat.WebDataset)).RunAsync(null, CancellationToken.None);

        Assert.Equal(300, summary.FailedToDownload);
        var statistics = DatasetStatistics.Read(Out);
        Assert.Equal(2, statistics.StatusDict.Count);
        Assert.Equal(150, statistics.StatusDict["empty url in column '…'"]);
        Assert.Equal(2, summary.TopErrors.Count);
        Assert.Equal(300, MetadataRows().Count);
    }

    [Fact]
    public async Task AnOverlongCaptionIsARowErrorAndTheOtherRowsAreWritten()
    {
        var caption = new string('c', InputText.MaxRecordLength + 10);
        var list = folder.Write("long.jsonl",
            $"{{\"url\": \"{server.Url("images/8x8/1.jpg")}\", \"caption\": \"{caption}\"}}\n{{\"url\": \"{server.Url("images/8x8/2.jpg")}\", \"caption\": \"ok\"}}\n");

        var summary = await new Img2DatasetJob(Options([list], OutputFormat.WebDataset) with { Input = new UrlListOptions { CaptionColumn = "caption", SamplesPerShard = 10 } })
            .RunAsync(null, CancellationToken.None);

        Assert.Equal((2, 1), (summary.Count, summary.Successes));
        var failed = MetadataRows().Single(r => (string?)r["status"] == SampleStatus.FailedToDownload);
        Assert.Equal($"{list}, line 1: line longer than {InputText.MaxRecordLength} characters", failed["error_message"]);
    }

    private async Task<JobSummary> Run(IEnumerable<string> paths, OutputFormat format, Func<JobOptions, JobOptions>? adjust = null)
    {
        var list = folder.Write($"urls-{Guid.NewGuid():N}.txt", string.Join("\n", paths.Select(p => server.Url(p))) + "\n");
        var options = Options([list], format);
        return await new Img2DatasetJob(adjust?.Invoke(options) ?? options).RunAsync(null, CancellationToken.None);
    }

    private JobOptions Options(IReadOnlyList<string> lists, OutputFormat format) => new()
    {
        UrlList = lists,
        OutputFolder = Out,
        OutputFormat = format,
        Input = new UrlListOptions { SamplesPerShard = 10 },
        Download = new DownloadOptions { Fetch = new FetchOptions { AllowPrivateNetwork = true, ThreadCount = 8, Timeout = TimeSpan.FromSeconds(5) } },
        Image = new ImageTransformOptions { ImageSize = 8 },
        MaxShardRetry = 1,
    };

    private List<Dictionary<string, object?>> MetadataRows() =>
        DatasetReader.CompleteShards(Out).SelectMany(s => DatasetReader.ReadMetadata(Path.Combine(Out, s + ".parquet"))).ToList();
}
