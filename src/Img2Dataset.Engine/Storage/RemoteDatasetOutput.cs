using System.Collections.Concurrent;
using Img2Dataset.Engine.Jobs;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.Engine.Storage;

/// <summary>
/// A dataset written to an object store: each shard is written in a local staging folder as for a local dataset
/// (streamed to disk, never held whole in memory), then uploaded, data objects first and <c>NAME_stats.json</c>
/// last, so a reader or a resumed run never takes a half-uploaded shard as complete; the staged files are then
/// deleted. Uploads run in the background, two at a time, while the next shards are written. Only this worker's
/// shards are touched: listed as complete, cleaned of a killed upload's leftovers, deleted on overwrite.
/// </summary>
public sealed class RemoteDatasetOutput(IObjectStore store, string stagingFolder, WorkerSlice worker)
{
    private const int ParallelUploads = 2;
    private readonly SemaphoreSlim uploadSlots = new(ParallelUploads);
    private readonly ConcurrentBag<Task<int?>> uploads = [];

    public IObjectStore Store => store;

    /// <summary>The local folder the shards are written in before their upload.</summary>
    public string StagingFolder => stagingFolder;

    /// <summary>The ids of this worker's shards whose stats object exists.</summary>
    public async Task<HashSet<int>> CompleteShardsAsync(CancellationToken cancellationToken) =>
        (await store.ListAsync("", cancellationToken))
            .Select(ShardObjects.Parse).OfType<(int ShardId, bool IsStats)>()
            .Where(o => o.IsStats && worker.Owns(o.ShardId))
            .Select(o => o.ShardId)
            .ToHashSet();

    /// <summary>
    /// Deletes this worker's objects of shards without stats (a killed upload's leftovers), or, with
    /// <paramref name="everyShard"/>, of all its shards (overwrite).
    /// </summary>
    public async Task CleanAsync(bool everyShard, CancellationToken cancellationToken)
    {
        var names = await store.ListAsync("", cancellationToken);
        var objects = names.Select(n => (Name: n, Shard: ShardObjects.Parse(n))).Where(o => o.Shard is { } s && worker.Owns(s.ShardId)).ToList();
        var complete = objects.Where(o => o.Shard!.Value.IsStats).Select(o => o.Shard!.Value.ShardId).ToHashSet();
        // Stats go first when a whole shard is deleted, so nothing is complete while its data is being removed.
        foreach (var (name, _) in objects.Where(o => everyShard || !complete.Contains(o.Shard!.Value.ShardId)).OrderByDescending(o => o.Shard!.Value.IsStats))
        {
            await store.DeleteAsync(name, cancellationToken);
        }
    }

    /// <summary>Starts uploading a staged shard; <see cref="DrainAsync"/> says which uploads failed.</summary>
    public void Publish(ShardSummary shard, Action<string> log, CancellationToken cancellationToken) =>
        uploads.Add(Task.Run(async () =>
        {
            await uploadSlots.WaitAsync(cancellationToken);
            try
            {
                await UploadAsync(shard.Name, cancellationToken);
                return (int?)null;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                log($"shard {shard.ShardId} failed to upload to {store.Location}: {e.Message}");
                return shard.ShardId;
            }
            finally
            {
                uploadSlots.Release();
                Discard(shard.Name);
            }
        }, cancellationToken));

    /// <summary>Waits for every upload started; the ids of the shards whose upload failed (to be written again).</summary>
    public async Task<IReadOnlyList<int>> DrainAsync()
    {
        var finished = await Task.WhenAll(uploads);
        uploads.Clear();
        return finished.OfType<int>().ToList();
    }

    /// <summary>Uploads a file of the job's own state (config.json, plan.json) under <c>.img2dataset/</c>.</summary>
    public Task UploadStateAsync(string localFile, CancellationToken cancellationToken) =>
        store.UploadAsync($"{OutputFolderLayout.StateFolderName}/{Path.GetFileName(localFile)}", localFile, cancellationToken);

    private async Task UploadAsync(string name, CancellationToken cancellationToken)
    {
        var stats = Path.Combine(stagingFolder, name + ShardObjects.StatsSuffix);
        foreach (var (objectName, file) in DataFiles(name))
        {
            await store.UploadAsync(objectName, file, cancellationToken);
        }
        await store.UploadAsync(name + ShardObjects.StatsSuffix, stats, cancellationToken);
    }

    /// <summary>The staged data of a shard: NAME.tar / .parquet / .tfrecord, and the files of folder NAME/.</summary>
    private IEnumerable<(string Name, string File)> DataFiles(string name)
    {
        foreach (var extension in new[] { ".tar", ".tfrecord", ".parquet" })
        {
            var file = Path.Combine(stagingFolder, name + extension);
            if (File.Exists(file))
            {
                yield return (name + extension, file);
            }
        }
        var folder = Path.Combine(stagingFolder, name);
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
            {
                yield return ($"{name}/{Path.GetFileName(file)}", file);
            }
        }
    }

    private void Discard(string name)
    {
        foreach (var (_, file) in DataFiles(name).ToList())
        {
            File.Delete(file);
        }
        var folder = Path.Combine(stagingFolder, name);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        File.Delete(Path.Combine(stagingFolder, name + ShardObjects.StatsSuffix));
    }
}
