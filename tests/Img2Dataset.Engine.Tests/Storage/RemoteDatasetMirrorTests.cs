using System.Text.Json;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Jobs;
using Img2Dataset.Engine.Output;
using Img2Dataset.Engine.Reporting;
using Img2Dataset.Engine.Storage;
using Img2Dataset.Engine.Tests.ImageServer;

namespace Img2Dataset.Engine.Tests.Storage;

/// <summary>The local copy of a remote dataset, through the local folder store: metadata and stats, and one shard's images at a time for the readers of samples and the report.</summary>
public sealed class RemoteDatasetMirrorTests(ImageServerFixture server) : IClassFixture<ImageServerFixture>, IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData(OutputFormat.WebDataset, ".tar")]
    [InlineData(OutputFormat.TFRecord, ".tfrecord")]
    [InlineData(OutputFormat.Files, "00000/")]
    public async Task TheCopyHoldsEveryRowWithoutTheImagesAndGivesEverySampleShardByShard(OutputFormat format, string data)
    {
        var dataset = await Dataset(format);

        using var copy = await RemoteDatasetMirror.CreateAsync(new LocalFolderStore(dataset), CancellationToken.None);

        Assert.DoesNotContain(Entries(copy.Folder), e => e.Contains(data, StringComparison.Ordinal));
        Assert.Equal(["00000", "00001", "00002"], DatasetReader.CompleteShards(copy.Folder));
        Assert.Equal(Rows(dataset), Rows(copy.Folder));
        var before = Entries(copy.Folder);
        Assert.Equal(Samples(DatasetReader.Read(dataset)), Samples(copy.Samples(CancellationToken.None)));
        Assert.Equal(before.Order(), Entries(copy.Folder).Order());
    }

    [Fact]
    public async Task AShardWhoseDataIsNotAsItsCommitStatesIsLeftOutOfBothCopies()
    {
        var dataset = await Dataset(OutputFormat.WebDataset);
        File.WriteAllBytes(Path.Combine(dataset, "00001.tar"), [1, 2, 3]);
        var store = new LocalFolderStore(dataset);

        using var copy = await RemoteDatasetMirror.CreateAsync(store, CancellationToken.None);

        Assert.Equal(["00000", "00002"], DatasetReader.CompleteShards(copy.Folder));
    }

    [Fact]
    public async Task TheCopyKeepsTheDatasetsRecordedState()
    {
        var dataset = await Dataset(OutputFormat.WebDataset);

        using var copy = await RemoteDatasetMirror.CreateAsync(new LocalFolderStore(dataset), CancellationToken.None);

        Assert.Contains(".img2dataset/config.json", Entries(copy.Folder));
        Assert.Contains(".img2dataset/plan.json", Entries(copy.Folder));
    }

    [Theory]
    [InlineData(OutputFormat.WebDataset, "00001.tar")]
    [InlineData(OutputFormat.TFRecord, "00001.tfrecord")]
    [InlineData(OutputFormat.Files, "00001/")]
    public async Task TheCopyTakesOneShardsImagesWhenAskedAndDeletesThemAfter(OutputFormat format, string data)
    {
        var dataset = await Dataset(format);
        using var metadata = await RemoteDatasetMirror.CreateAsync(new LocalFolderStore(dataset), CancellationToken.None);
        var metadataFiles = Entries(metadata.Folder);

        await metadata.DownloadShardDataAsync("00001", CancellationToken.None);
        var withShard = Entries(metadata.Folder);
        metadata.DeleteShardData("00001");

        Assert.Equal(metadataFiles.Order(), Entries(metadata.Folder).Order());
        Assert.Contains(data, withShard);
        var images = withShard.Except(metadataFiles).ToList();
        Assert.All(images, e => Assert.StartsWith("00001", e, StringComparison.Ordinal));
        Assert.Equal(DatasetReader.ReadShard(dataset, "00001", format).Select(s => s.Key), ReadBack(metadata, "00001", format));
    }

    [Theory]
    [InlineData(OutputFormat.WebDataset)]
    [InlineData(OutputFormat.Files)]
    [InlineData(OutputFormat.Parquet)]
    public async Task ARemoteReportHasTheFiguresAndThumbnailsOfTheSameDatasetReadInPlace(OutputFormat format)
    {
        // Five thumbnails of 25 samples in three shards: later shards displace samples chosen from earlier ones.
        var dataset = await Dataset(format);

        var local = DatasetReport.Write(dataset, "dataset", folder.File($"local-{format}.html"), sampleCount: 5);
        var remote = await DatasetReport.WriteAsync(new LocalFolderStore(dataset), "dataset", folder.File($"remote-{format}.html"), sampleCount: 5, CancellationToken.None);

        Assert.Equal(5, local.Thumbnails.Count);
        Assert.Equal(local.Thumbnails.Select(t => (t.Shard, t.Key, Convert.ToHexString(t.Jpeg))), remote.Thumbnails.Select(t => (t.Shard, t.Key, Convert.ToHexString(t.Jpeg))));
        Assert.Equal(local.Histograms.Select(h => (h.Title, string.Join(",", h.Bins))), remote.Histograms.Select(h => (h.Title, string.Join(",", h.Bins))));
        Assert.Equal(25, remote.Histograms.Single(h => h.Title.StartsWith("Stored image size", StringComparison.Ordinal)).Total);
        Assert.Equal(local.Outcomes, remote.Outcomes);
        Assert.Equal(format, remote.Format);
    }

    [Theory]
    [InlineData("00000/..")]
    [InlineData("00000/..\\..\\escape.jpg")]
    public async Task AnObjectWhoseNameWouldLeaveTheCopyIsRefusedBeforeAnythingIsCopied(string hostile)
    {
        // Names a server may list (the second is a legal file name on Linux, two folders up on Windows); the shard's
        // commit counts the object, as a hostile writer of the store would make it.
        var dataset = await Dataset(OutputFormat.Files);
        var statsPath = ShardPaths.Stats(dataset, "00000");
        var stats = ShardStatistics.Parse(statsPath);
        stats.Commit = stats.Commit! with
        {
            Objects = stats.Commit.Objects.Select(o => o.IsFolder ? o with { Size = o.Size + 3, Files = o.Files + 1 } : o).ToList(),
        };
        File.WriteAllBytes(statsPath, stats.ToJson());
        var copies = Directory.GetDirectories(Path.GetTempPath(), "img2dataset-mirror-*").Length;

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() =>
            RemoteDatasetMirror.CreateAsync(new ListingOneMoreStore(new LocalFolderStore(dataset), hostile, [0xFF, 0xD8, 0xFF]), CancellationToken.None));

        Assert.Contains($"\"{hostile.Replace("\\", "\\\\", StringComparison.Ordinal)}\"", refused.Message, StringComparison.Ordinal);
        Assert.Equal(copies, Directory.GetDirectories(Path.GetTempPath(), "img2dataset-mirror-*").Length);
    }

    private static List<string> ReadBack(RemoteDatasetMirror mirror, string shard, OutputFormat format)
    {
        mirror.DownloadShardDataAsync(shard, CancellationToken.None).GetAwaiter().GetResult();
        try
        {
            return DatasetReader.ReadShard(mirror.Folder, shard, format).Select(s => s.Key).ToList();
        }
        finally
        {
            mirror.DeleteShardData(shard);
        }
    }

    private async Task<string> Dataset(OutputFormat format)
    {
        var lines = Enumerable.Range(0, 25).Select(i => server.Url($"images/24x24/{i}.jpg").ToString());
        var output = folder.File(format.ToString());
        await new Img2DatasetJob(new JobOptions
        {
            UrlList = [folder.Write($"urls-{format}.txt", string.Join("\n", lines) + "\n")],
            OutputFolder = output,
            OutputFormat = format,
            Input = new UrlListOptions { SamplesPerShard = 10 },
            Download = new DownloadOptions { Fetch = new FetchOptions { AllowPrivateNetwork = true, ThreadCount = 8 } },
            Image = new ImageTransformOptions { ImageSize = 16 },
        }).RunAsync(null, CancellationToken.None);
        return output;
    }

    private static List<string> Entries(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Select(e => Path.GetRelativePath(root, e).Replace('\\', '/') + (Directory.Exists(e) ? "/" : "")).ToList();

    private static List<string> Samples(IEnumerable<StoredSample> samples) =>
        samples.Select(s => $"{s.Shard} {s.Key} {(s.Image is null ? "" : Convert.ToHexString(s.Image))}").ToList();

    private static List<string> Rows(string dataset) =>
        DatasetReader.ReadAllMetadata(dataset).Select(r => JsonSerializer.Serialize(r.ToDictionary(p => p.Key, p => p.Value?.ToString()))).Order(StringComparer.Ordinal).ToList();

    /// <summary>A store as a hostile server would show it: one more object in every listing that covers its name.</summary>
    private sealed class ListingOneMoreStore(IObjectStore inner, string name, byte[] content) : IObjectStore
    {
        public StorageLocation Location => inner.Location;
        public Task CheckAccessAsync(bool write, CancellationToken cancellationToken) => inner.CheckAccessAsync(write, cancellationToken);

        public async Task<IReadOnlyList<StoredObject>> ListAsync(string namePrefix, CancellationToken cancellationToken) =>
            (await inner.ListAsync(namePrefix, cancellationToken)).Append(new StoredObject(name, content.Length, null, null))
                .Where(o => o.Name.StartsWith(namePrefix, StringComparison.Ordinal)).OrderBy(o => o.Name, StringComparer.Ordinal).ToList();

        public Task<Stream> OpenReadAsync(string objectName, CancellationToken cancellationToken) =>
            objectName == name ? Task.FromResult<Stream>(new MemoryStream(content)) : inner.OpenReadAsync(objectName, cancellationToken);

        public Task UploadAsync(string objectName, string localFile, byte[]? contentMd5, CancellationToken cancellationToken) => inner.UploadAsync(objectName, localFile, contentMd5, cancellationToken);
        public Task<bool> TryCreateAsync(string objectName, byte[] bytes, CancellationToken cancellationToken) => inner.TryCreateAsync(objectName, bytes, cancellationToken);
        public Task CopyAsync(string source, string target, CancellationToken cancellationToken) => inner.CopyAsync(source, target, cancellationToken);
        public Task DeleteAsync(string objectName, CancellationToken cancellationToken) => inner.DeleteAsync(objectName, cancellationToken);
    }
}
