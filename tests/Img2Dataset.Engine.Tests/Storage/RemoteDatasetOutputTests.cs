using Img2Dataset.Engine.Jobs;
using Img2Dataset.Engine.Output;
using Img2Dataset.Engine.Storage;

namespace Img2Dataset.Engine.Tests.Storage;

/// <summary>The publication rules of a remote dataset, through the local folder store, whose operations are recorded in order.</summary>
public sealed class RemoteDatasetOutputTests : IDisposable
{
    private readonly TempFolder staging = new();
    private readonly TempFolder location = new();

    public void Dispose()
    {
        staging.Dispose();
        location.Dispose();
    }

    [Fact]
    public async Task AShardsDataGoesUnderItsAttemptThenItsStatsAreCreatedThenItIsCopiedIntoPlace()
    {
        var store = new RecordingStore(new LocalFolderStore(location.Path));
        var output = new RemoteDatasetOutput(store, staging.Path, WorkerSlice.Single);
        Stage("00003", ".tar", ".parquet");

        output.Publish(Summary(3), _ => { }, null, CancellationToken.None);

        Assert.Empty(await output.DrainAsync());
        var attempt = Assert.Single(store.Operations.Where(o => o.StartsWith("upload .img2dataset/attempts/", StringComparison.Ordinal)).Select(o => o.Split('/')[2]).Distinct());
        Assert.Equal([
            $"upload .img2dataset/attempts/{attempt}/00003.tar", $"upload .img2dataset/attempts/{attempt}/00003.parquet", "create 00003_stats.json",
            "copy 00003.tar", "copy 00003.parquet", $"delete .img2dataset/attempts/{attempt}/00003.tar", $"delete .img2dataset/attempts/{attempt}/00003.parquet",
        ], store.Operations);
        Assert.Empty(Directory.EnumerateFileSystemEntries(staging.Path));
        Assert.Equal([3], await output.CompleteShardsAsync(CancellationToken.None));
        var commit = ShardStatistics.Parse(Path.Combine(location.Path, "00003_stats.json")).Commit!;
        Assert.Equal(attempt, commit.Attempt);
        Assert.Equal(["00003.tar", "00003.parquet"], commit.Objects.Select(o => o.Name));
        Assert.All(commit.Objects, o => Assert.NotNull(o.Md5));
    }

    [Fact]
    public async Task AFailedUploadNamesItsShardAndLeavesNoStats()
    {
        var store = new RecordingStore(new LocalFolderStore(location.Path)) { FailOn = "00001.tar" };
        var output = new RemoteDatasetOutput(store, staging.Path, WorkerSlice.Single);
        Stage("00001", ".tar");
        var log = new List<string>();

        output.Publish(Summary(1), log.Add, null, CancellationToken.None);

        Assert.Equal([1], await output.DrainAsync());
        Assert.DoesNotContain("create 00001_stats.json", store.Operations);
        Assert.Contains("shard 1 failed to upload", Assert.Single(log));
    }

    [Fact]
    public async Task ASecondWriterOfAShardLeavesTheFirstsShardAndDeletesOnlyItsOwnObjects()
    {
        var store = new RecordingStore(new LocalFolderStore(location.Path));
        var first = new RemoteDatasetOutput(store, staging.Path, WorkerSlice.Single);
        StageWith("00002", [".tar"], "the first writer's tar");
        first.Publish(Summary(2), _ => { }, null, CancellationToken.None);
        Assert.Empty(await first.DrainAsync());
        using var otherStaging = new TempFolder();
        var second = new RemoteDatasetOutput(store, otherStaging.Path, WorkerSlice.Single);
        File.WriteAllText(Path.Combine(otherStaging.Path, "00002.tar"), "the second writer's tar, longer");
        File.WriteAllBytes(Path.Combine(otherStaging.Path, "00002_stats.json"), new ShardStatistics().ToJson());
        var published = new List<(int, bool)>();

        second.Publish(Summary(2), _ => { }, (id, byAnother) => published.Add((id, byAnother)), CancellationToken.None);

        Assert.Empty(await second.DrainAsync());
        Assert.Equal("the first writer's tar", File.ReadAllText(Path.Combine(location.Path, "00002.tar")));
        Assert.Equal([(2, true)], published);
        Assert.False(Directory.Exists(Path.Combine(location.Path, ".img2dataset", "attempts")) && Directory.EnumerateFiles(Path.Combine(location.Path, ".img2dataset", "attempts"), "*", SearchOption.AllDirectories).Any());
        Assert.Equal([2], await second.CompleteShardsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AShardWhoseCopiesWereCutShortIsIncompleteAndFinishedFromItsAttemptBeforeTheNextRun()
    {
        var store = new RecordingStore(new LocalFolderStore(location.Path));
        var output = new RemoteDatasetOutput(store, staging.Path, WorkerSlice.Single);
        Stage("00004", ".tar", ".parquet");
        output.Publish(Summary(4), _ => { }, null, CancellationToken.None);
        await output.DrainAsync();
        var commit = ShardStatistics.Parse(Path.Combine(location.Path, "00004_stats.json")).Commit!;
        // As if the writer was killed after its commit, having copied the tar but not the parquet, and deleted nothing.
        var attemptFolder = Path.Combine(location.Path, ".img2dataset", "attempts", commit.Attempt);
        Directory.CreateDirectory(attemptFolder);
        File.Copy(Path.Combine(location.Path, "00004.tar"), Path.Combine(attemptFolder, "00004.tar"));
        File.Move(Path.Combine(location.Path, "00004.parquet"), Path.Combine(attemptFolder, "00004.parquet"));

        Assert.Empty(await output.CompleteShardsAsync(CancellationToken.None));
        Assert.Equal("00004", Assert.Single((await DatasetStatistics.ReadAsync(store, CancellationToken.None)).IncompleteShards));
        await output.CleanAsync(everyShard: false, CancellationToken.None);

        Assert.Equal([4], await output.CompleteShardsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AShardWhoseObjectsAreNotAsItsCommitStatesIsNotCompleteAndIsWrittenAgain()
    {
        var output = new RemoteDatasetOutput(new LocalFolderStore(location.Path), staging.Path, WorkerSlice.Single);
        Stage("00005", ".tar");
        output.Publish(Summary(5), _ => { }, null, CancellationToken.None);
        await output.DrainAsync();
        // Another process of the same shard replaced the tar after the commit: same name, other bytes.
        File.WriteAllText(Path.Combine(location.Path, "00005.tar"), "someone else's bytes");

        Assert.Empty(await output.CompleteShardsAsync(CancellationToken.None));
        var statistics = await DatasetStatistics.ReadAsync(new LocalFolderStore(location.Path), CancellationToken.None);
        Assert.Equal(0, statistics.Shards);
        Assert.Equal(["00005"], statistics.IncompleteShards);
        await output.CleanAsync(everyShard: false, CancellationToken.None);
        Assert.False(File.Exists(Path.Combine(location.Path, "00005_stats.json")));
        Assert.False(File.Exists(Path.Combine(location.Path, "00005.tar")));
    }

    [Fact]
    public async Task CleaningTouchesOnlyThisWorkersShards()
    {
        foreach (var name in new[] { "00000.tar", "00001.tar", "00002.tar", "00003.tar", "notes.txt" })
        {
            File.WriteAllText(Path.Combine(location.Path, name), name);
        }
        foreach (var name in new[] { "00000_stats.json", "00003_stats.json" })
        {
            File.WriteAllBytes(Path.Combine(location.Path, name), new ShardStatistics().ToJson());
        }
        var worker = new RemoteDatasetOutput(new LocalFolderStore(location.Path), staging.Path, new WorkerSlice(1, 2));

        await worker.CleanAsync(everyShard: false, CancellationToken.None);
        var afterLeftovers = Directory.EnumerateFiles(location.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        await worker.CleanAsync(everyShard: true, CancellationToken.None);
        var afterOverwrite = Directory.EnumerateFiles(location.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

        // Worker 1 of 2 owns shards 1 and 3: shard 1 had no stats (a leftover); shard 3 was complete until overwrite.
        Assert.Equal(["00000.tar", "00000_stats.json", "00002.tar", "00003.tar", "00003_stats.json", "notes.txt"], afterLeftovers);
        Assert.Equal(["00000.tar", "00000_stats.json", "00002.tar", "notes.txt"], afterOverwrite);
    }

    private void Stage(string name, params string[] suffixes) => StageWith(name, suffixes, null);

    private void StageWith(string name, string[] suffixes, string? contents)
    {
        foreach (var suffix in suffixes)
        {
            File.WriteAllText(Path.Combine(staging.Path, name + suffix), contents ?? name + suffix);
        }
        File.WriteAllBytes(Path.Combine(staging.Path, name + "_stats.json"), new ShardStatistics { Count = 1, Successes = 1 }.ToJson());
    }

    private ShardSummary Summary(int id) =>
        new(id, id.ToString("00000", System.Globalization.CultureInfo.InvariantCulture), Path.Combine(staging.Path, $"{id:00000}.tar"), OutputFormat.WebDataset, 1, 1, 0, 0, 1);

    /// <summary>Records the order of writes (uploads, creates, copies, deletes), and fails the upload named.</summary>
    private sealed class RecordingStore(IObjectStore inner) : IObjectStore
    {
        public List<string> Operations { get; } = [];
        public string? FailOn { get; init; }
        public StorageLocation Location => inner.Location;
        public Task CheckAccessAsync(bool write, CancellationToken cancellationToken) => inner.CheckAccessAsync(write, cancellationToken);
        public Task<IReadOnlyList<StoredObject>> ListAsync(string namePrefix, CancellationToken cancellationToken) => inner.ListAsync(namePrefix, cancellationToken);
        public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken) => inner.OpenReadAsync(name, cancellationToken);

        public Task UploadAsync(string name, string localFile, byte[]? contentMd5, CancellationToken cancellationToken)
        {
            if (name.EndsWith("/" + FailOn, StringComparison.Ordinal))
            {
                throw new IOException("the store refused it");
            }
            Record($"upload {name}");
            return inner.UploadAsync(name, localFile, contentMd5, cancellationToken);
        }

        public Task<bool> TryCreateAsync(string name, byte[] content, CancellationToken cancellationToken)
        {
            Record($"create {name}");
            return inner.TryCreateAsync(name, content, cancellationToken);
        }

        public Task CopyAsync(string source, string target, CancellationToken cancellationToken)
        {
            Record($"copy {target}");
            return inner.CopyAsync(source, target, cancellationToken);
        }

        public Task DeleteAsync(string name, CancellationToken cancellationToken)
        {
            Record($"delete {name}");
            return inner.DeleteAsync(name, cancellationToken);
        }

        private void Record(string operation)
        {
            lock (Operations)
            {
                Operations.Add(operation);
            }
        }
    }
}
