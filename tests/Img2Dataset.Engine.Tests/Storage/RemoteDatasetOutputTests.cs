using Img2Dataset.Engine.Jobs;
using Img2Dataset.Engine.Output;
using Img2Dataset.Engine.Storage;

namespace Img2Dataset.Engine.Tests.Storage;

/// <summary>The publication rules of a remote dataset, through the local folder store, whose uploads are recorded in order.</summary>
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
    public async Task AShardsDataIsUploadedBeforeItsStatsAndTheStagedFilesAreRemoved()
    {
        var store = new RecordingStore(new LocalFolderStore(location.Path));
        var output = new RemoteDatasetOutput(store, staging.Path, WorkerSlice.Single);
        Stage("00003", ".tar", ".parquet", "_stats.json");

        output.Publish(Summary(3), _ => { }, CancellationToken.None);

        Assert.Empty(await output.DrainAsync());
        Assert.Equal(["00003.tar", "00003.parquet", "00003_stats.json"], store.Uploaded);
        Assert.Empty(Directory.EnumerateFileSystemEntries(staging.Path));
        Assert.Equal([3], await output.CompleteShardsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AFailedUploadNamesItsShardAndLeavesNoStats()
    {
        var store = new RecordingStore(new LocalFolderStore(location.Path)) { FailOn = "00001.tar" };
        var output = new RemoteDatasetOutput(store, staging.Path, WorkerSlice.Single);
        Stage("00001", ".tar", "_stats.json");
        var log = new List<string>();

        output.Publish(Summary(1), log.Add, CancellationToken.None);

        Assert.Equal([1], await output.DrainAsync());
        Assert.DoesNotContain("00001_stats.json", store.Uploaded);
        Assert.Contains("shard 1 failed to upload", Assert.Single(log));
    }

    [Fact]
    public async Task CleaningTouchesOnlyThisWorkersShards()
    {
        foreach (var name in new[] { "00000.tar", "00000_stats.json", "00001.tar", "00002.tar", "00003.tar", "00003_stats.json", "notes.txt" })
        {
            File.WriteAllText(Path.Combine(location.Path, name), name);
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

    private void Stage(string name, params string[] suffixes)
    {
        foreach (var suffix in suffixes)
        {
            File.WriteAllText(Path.Combine(staging.Path, name + suffix), suffix);
        }
    }

    private ShardSummary Summary(int id) =>
        new(id, id.ToString("00000", System.Globalization.CultureInfo.InvariantCulture), Path.Combine(staging.Path, $"{id:00000}.tar"), OutputFormat.WebDataset, 1, 1, 0, 0, 1);

    /// <summary>Records the order of uploads, and fails the one named.</summary>
    private sealed class RecordingStore(IObjectStore inner) : IObjectStore
    {
        public List<string> Uploaded { get; } = [];
        public string? FailOn { get; init; }
        public StorageLocation Location => inner.Location;
        public Task CheckAccessAsync(bool write, CancellationToken cancellationToken) => inner.CheckAccessAsync(write, cancellationToken);
        public Task<IReadOnlyList<string>> ListAsync(string namePrefix, CancellationToken cancellationToken) => inner.ListAsync(namePrefix, cancellationToken);
        public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken) => inner.OpenReadAsync(name, cancellationToken);
        public Task DeleteAsync(string name, CancellationToken cancellationToken) => inner.DeleteAsync(name, cancellationToken);

        public Task UploadAsync(string name, string localFile, CancellationToken cancellationToken)
        {
            if (name == FailOn)
            {
                throw new IOException("the store refused it");
            }
            lock (Uploaded)
            {
                Uploaded.Add(name);
            }
            return inner.UploadAsync(name, localFile, cancellationToken);
        }
    }
}
