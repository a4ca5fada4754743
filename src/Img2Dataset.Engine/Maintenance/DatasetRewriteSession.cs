using Img2Dataset.Engine.Jobs;
using Img2Dataset.Engine.Output;
using Img2Dataset.Engine.Storage;

namespace Img2Dataset.Engine.Maintenance;

/// <summary>
/// A dataset opened for rewriting its shards, local or remote. Locally it holds the folder's job lock (so no job
/// writes while shards are rewritten) and first finishes what a killed run left (<see cref="LocalShardRepair"/>).
/// In an object store it first finishes the publication of shards whose copies were cut short, then stages each
/// shard in a local folder to read and rewrite it, and replaces it in the store as the job publishes: data under an
/// attempt's names first, the stats (the commit) after, then the copies (<see cref="RemoteDatasetOutput.ReplaceAsync"/>).
/// </summary>
public sealed class DatasetRewriteSession : IAsyncDisposable
{
    private readonly string folder;
    private readonly IObjectStore? store;
    private readonly RemoteDatasetOutput? remote;
    private readonly OutputFolderLock? folderLock;
    private readonly Dictionary<string, CommittedShard> remoteShards;

    private DatasetRewriteSession(string location, string folder, OutputFormat format, IReadOnlyList<string> shards,
        IObjectStore? store, RemoteDatasetOutput? remote, OutputFolderLock? folderLock, Dictionary<string, CommittedShard> remoteShards)
    {
        Location = location;
        this.folder = folder;
        Format = format;
        Shards = shards;
        this.store = store;
        this.remote = remote;
        this.folderLock = folderLock;
        this.remoteShards = remoteShards;
    }

    /// <summary>The dataset as the user named it.</summary>
    public string Location { get; }

    public OutputFormat Format { get; }

    /// <summary>The complete shards, by name, in order.</summary>
    public IReadOnlyList<string> Shards { get; }

    /// <exception cref="OutputFolderLockedException">A job is writing to the local dataset.</exception>
    /// <exception cref="StorageAccessException">The remote dataset cannot be read and written.</exception>
    public static async Task<DatasetRewriteSession> OpenAsync(string location, Uri? s3Endpoint, Action<string> log, CancellationToken cancellationToken)
    {
        if (!StorageLocation.IsRemoteText(location))
        {
            var folderLock = OutputFolderLock.Acquire(location);
            try
            {
                LocalShardRepair.Run(location, _ => true, log);
                var shards = DatasetReader.CompleteShards(location);
                return new DatasetRewriteSession(location, location, DatasetReader.FormatOf(location, shards), shards, null, null, folderLock, []);
            }
            catch
            {
                folderLock.Dispose();
                throw;
            }
        }
        var store = ObjectStores.Open(location, s3Endpoint);
        await store.CheckAccessAsync(write: true, cancellationToken);
        var staging = Path.Combine(Path.GetTempPath(), "img2dataset-rewrite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        var output = new RemoteDatasetOutput(store, staging, WorkerSlice.Single);
        await output.CleanAsync(everyShard: false, cancellationToken);
        var listing = await store.ListAsync("", cancellationToken);
        var committed = (await CommittedShards.ReadAsync(store, listing, cancellationToken)).Values.Where(s => s.Verified).ToDictionary(s => s.Name, StringComparer.Ordinal);
        var names = committed.Keys.Order(StringComparer.Ordinal).ToList();
        return new DatasetRewriteSession(location, staging, FormatOf(names.FirstOrDefault(), listing), names, store, output, null, committed);
    }

    /// <summary>The metadata rows of a shard, without image bytes; a remote shard is staged locally first.</summary>
    public async Task<IReadOnlyList<Dictionary<string, object?>>> ReadAsync(string shard, CancellationToken cancellationToken)
    {
        if (store is not null)
        {
            await StageAsync(shard, cancellationToken);
        }
        return DatasetReader.ReadShardMetadata(folder, shard).ToList();
    }

    /// <summary>Rewrites a shard read by <see cref="ReadAsync"/> with the edits; in a store, the staged copy then replaces it.</summary>
    public async Task<ShardRewriteResult> RewriteAsync(string shard, IReadOnlyDictionary<string, SampleEdit> edits, bool purge, CancellationToken cancellationToken)
    {
        var result = edits.Count == 0 ? null : ShardRewrite.Apply(folder, shard, Format, edits, purge);
        if (remote is null)
        {
            return result ?? ShardRewriteResult.Unchanged(shard, DatasetReader.Verified(folder, shard)?.Commit?.Objects.Sum(o => o.Size) ?? 0);
        }
        if (result is { Rewritten: true })
        {
            await remote.ReplaceAsync(shard, cancellationToken);
        }
        else
        {
            Unstage(shard);
        }
        return result ?? ShardRewriteResult.Unchanged(shard, remoteShards[shard].Stats?.Commit?.Objects.Sum(o => o.Size) ?? 0);
    }

    /// <summary>A file of the dataset's own state (<c>.img2dataset/NAME</c>); null when there is none.</summary>
    public async Task<byte[]?> ReadStateAsync(string name, CancellationToken cancellationToken)
    {
        if (store is null)
        {
            var path = Path.Combine(OutputFolderLayout.StateFolder(folder), name);
            return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken) : null;
        }
        var objectName = $"{OutputFolderLayout.StateFolderName}/{name}";
        return (await store.ListAsync(objectName, cancellationToken)).Any(o => o.Name == objectName)
            ? await CommittedShards.ReadAllAsync(store, objectName, cancellationToken)
            : null;
    }

    /// <summary>Writes a file of the dataset's own state, replacing it in one step (a rename, or one put).</summary>
    public async Task WriteStateAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(OutputFolderLayout.StateFolder(folder), name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        DurableFile.Replace(path, content);
        if (remote is not null)
        {
            await remote.UploadStateAsync(path, cancellationToken);
        }
    }

    public ValueTask DisposeAsync()
    {
        folderLock?.Dispose();
        if (store is not null && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Copies a remote shard's committed objects and stats into the staging folder.</summary>
    private async Task StageAsync(string shard, CancellationToken cancellationToken)
    {
        var names = new List<string> { shard + ShardObjects.StatsSuffix };
        foreach (var committed in remoteShards[shard].Stats?.Commit?.Objects ?? [])
        {
            names.AddRange(committed.IsFolder ? (await store!.ListAsync(committed.Name, cancellationToken)).Select(o => o.Name) : [committed.Name]);
        }
        foreach (var name in names)
        {
            var file = ObjectLocalPath.In(folder, name, store!.Location);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await store!.DownloadAsync(name, file, cancellationToken);
        }
        // The staged shard is checked as a local one: its commit names local sizes, and no MD5s are compared here.
        var stats = ShardStatistics.Parse(ShardPaths.Stats(folder, shard));
        stats.Commit = stats.Commit is null ? null : stats.Commit with { Objects = stats.Commit.Objects.Select(o => o with { Md5 = null }).ToList() };
        File.WriteAllBytes(ShardPaths.Stats(folder, shard), stats.ToJson());
    }

    private void Unstage(string shard)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder, shard + "*"))
        {
            if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true); else File.Delete(entry);
        }
    }

    /// <summary>A remote dataset's format, from the objects of its first complete shard.</summary>
    private static OutputFormat FormatOf(string? shard, IReadOnlyList<StoredObject> listing)
    {
        if (shard is null)
        {
            return OutputFormat.Dummy;
        }
        var names = listing.Select(o => o.Name).Where(n => n.StartsWith(shard, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        if (names.Contains(shard + ".tar")) return OutputFormat.WebDataset;
        if (names.Contains(shard + ".tfrecord")) return OutputFormat.TFRecord;
        if (names.Any(n => n.StartsWith(shard + "/", StringComparison.Ordinal))) return OutputFormat.Files;
        return names.Contains(shard + ".parquet") ? OutputFormat.Parquet : OutputFormat.Dummy;
    }
}
