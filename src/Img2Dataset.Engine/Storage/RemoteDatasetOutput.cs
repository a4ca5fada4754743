using System.Collections.Concurrent;
using System.Security.Cryptography;
using Img2Dataset.Engine.Jobs;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.Engine.Storage;

/// <summary>
/// A dataset written to an object store: each shard is written in a local staging folder as for a local dataset
/// (streamed to disk, never held whole in memory), then published as one attempt (<see cref="ShardCommit"/>):
/// its data objects uploaded under names of the attempt (<c>.img2dataset/attempts/ID/00000.tar</c>), then its
/// <c>NAME_stats.json</c> created only if none exists (Azure <c>If-None-Match: *</c>, S3 conditional writes), then,
/// by the writer whose stats were created, the data copied to the shard's names within the store and the attempt's
/// objects deleted. A writer that finds the stats already created deletes only its own attempt's objects. So any
/// number of writers of one shard (a CI retry beside the original) leave one shard, whole; and a reader trusts a
/// stats object only when the objects it names are listed with the sizes and MD5s it states. Uploads run in the
/// background, two at a time, while the next shards are written. Only this worker's shards are touched.
/// </summary>
public sealed class RemoteDatasetOutput(IObjectStore store, string stagingFolder, WorkerSlice worker)
{
    public const string AttemptsFolder = OutputFolderLayout.StateFolderName + "/attempts/";
    /// <summary>An attempt's objects no commit names are a killed or losing writer's once this old.</summary>
    private static readonly TimeSpan StaleAttempt = TimeSpan.FromHours(24);
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(10);
    private const int ParallelUploads = 2;
    private readonly SemaphoreSlim uploadSlots = new(ParallelUploads);
    private readonly ConcurrentBag<Task<int?>> uploads = [];
    private readonly object health = new();
    private DateTimeOffset? failingSince;
    private string? lastFailure;

    public IObjectStore Store => store;

    /// <summary>The local folder the shards are written in before their upload.</summary>
    public string StagingFolder => stagingFolder;

    /// <summary>Whether the store refused a second conditional create of one name (<see cref="ProbeConditionalCreateAsync"/>); true until probed.</summary>
    public bool HonoursConditionalCreate { get; private set; } = true;

    /// <summary>
    /// Creates a probe object twice with the store's conditional create: a store that accepts the second (some
    /// emulators ignore <c>If-None-Match</c>) cannot keep two writers of one shard apart, which the caller should say.
    /// </summary>
    public async Task<bool> ProbeConditionalCreateAsync(CancellationToken cancellationToken)
    {
        var probe = $"{OutputFolderLayout.StateFolderName}/conditional-probe-{Guid.NewGuid():N}";
        try
        {
            await store.TryCreateAsync(probe, [1], cancellationToken);
            HonoursConditionalCreate = !await store.TryCreateAsync(probe, [2], cancellationToken);
        }
        finally
        {
            await store.DeleteAsync(probe, cancellationToken);
        }
        return HonoursConditionalCreate;
    }

    /// <summary>The ids of this worker's shards that are complete: committed, their objects as the commit states.</summary>
    public async Task<HashSet<int>> CompleteShardsAsync(CancellationToken cancellationToken)
    {
        var listing = await store.ListAsync("", cancellationToken);
        var shards = await CommittedShards.ReadAsync(store, listing, cancellationToken, worker.Owns);
        return shards.Values.Where(s => s.Verified).Select(s => s.ShardId).ToHashSet();
    }

    /// <summary>
    /// Before a run: finishes the publication of this worker's committed shards whose copies were cut short (their
    /// attempt's objects are still there), forgets the commits that cannot be finished, deletes the objects of
    /// shards without a commit (a killed upload's leftovers) and attempts older than a day that no commit names;
    /// with <paramref name="everyShard"/>, deletes all its shards (overwrite), stats first.
    /// </summary>
    public async Task CleanAsync(bool everyShard, CancellationToken cancellationToken)
    {
        var listing = await store.ListAsync("", cancellationToken);
        var committed = await CommittedShards.ReadAsync(store, listing, cancellationToken, worker.Owns);
        var complete = new HashSet<int>();
        foreach (var shard in committed.Values.Where(s => !everyShard))
        {
            if (shard.Verified || await RepairAsync(shard, listing, cancellationToken))
            {
                complete.Add(shard.ShardId);
            }
        }
        var shardObjects = listing.Select(o => (o.Name, Shard: ShardObjects.Parse(o.Name)))
            .Where(o => o.Shard is { } s && worker.Owns(s.ShardId) && !complete.Contains(s.ShardId))
            // Stats go first when a whole shard is deleted, so nothing is complete while its data is being removed.
            .OrderByDescending(o => o.Shard!.Value.IsStats);
        foreach (var (name, _) in shardObjects)
        {
            await store.DeleteAsync(name, cancellationToken);
        }
        var named = committed.Values.Select(s => s.Stats?.Commit?.Attempt).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var stale in listing.Where(o => AttemptOf(o.Name) is { } attempt && !named.Contains(attempt.Id) && worker.Owns(attempt.ShardId)
                     && DateTimeOffset.UtcNow - (o.LastModified ?? DateTimeOffset.UtcNow) > StaleAttempt))
        {
            await store.DeleteAsync(stale.Name, cancellationToken);
        }
    }

    /// <summary>Starts publishing a staged shard; <see cref="DrainAsync"/> says which failed.</summary>
    /// <param name="shard">The staged shard.</param>
    /// <param name="log">Told of a failure.</param>
    /// <param name="published">Told of each shard published whole, with whether another writer of it published it first (its copy then stands).</param>
    /// <param name="cancellationToken">Stops the upload.</param>
    public void Publish(ShardSummary shard, Action<string> log, Action<int, bool>? published, CancellationToken cancellationToken) =>
        uploads.Add(Task.Run(async () =>
        {
            await uploadSlots.WaitAsync(cancellationToken);
            var started = DateTimeOffset.UtcNow;
            try
            {
                var ours = await PublishAsync(shard.Name, cancellationToken);
                Healthy();
                published?.Invoke(shard.ShardId, !ours);
                return (int?)null;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Failed(started, e.Message);
                log($"shard {shard.ShardId} failed to upload to {store.Location}: {e.Message}");
                return shard.ShardId;
            }
            finally
            {
                uploadSlots.Release();
                Discard(shard.Name);
            }
        }, cancellationToken));

    /// <summary>
    /// Why the run should give up on the store: every publication since one started at least
    /// <paramref name="timeout"/> ago has failed (the store has been unreachable that long); null while it has not.
    /// </summary>
    public string? Unreachable(TimeSpan timeout)
    {
        lock (health)
        {
            return failingSince is { } since && DateTimeOffset.UtcNow - since >= timeout
                ? $"every upload has failed for {(DateTimeOffset.UtcNow - since).TotalSeconds:0} s, longer than -StoreTimeout ({timeout.TotalSeconds:0} s), so the run gives up; the last fault: {lastFailure}"
                : null;
        }
    }

    /// <summary>Waits for every upload started; the ids of the shards whose upload failed (to be written again).</summary>
    public async Task<IReadOnlyList<int>> DrainAsync()
    {
        var finished = await Task.WhenAll(uploads);
        uploads.Clear();
        return finished.OfType<int>().ToList();
    }

    private void Healthy()
    {
        lock (health)
        {
            failingSince = null;
        }
    }

    private void Failed(DateTimeOffset started, string message)
    {
        lock (health)
        {
            failingSince ??= started;
            lastFailure = message;
        }
    }

    /// <summary>Uploads a file of the job's own state (config.json, plan.json) under <c>.img2dataset/</c>.</summary>
    public Task UploadStateAsync(string localFile, CancellationToken cancellationToken) =>
        store.UploadAsync($"{OutputFolderLayout.StateFolderName}/{Path.GetFileName(localFile)}", localFile, null, cancellationToken);

    /// <summary>
    /// Replaces a complete shard with the staged one (a rewrite: samples removed or marked), as one attempt: data
    /// under the attempt's names, then the stats object overwritten (the new commit, in one put), then the copies.
    /// Should the copies fail, the attempt's objects stay for the next run's <see cref="CleanAsync"/> to finish them:
    /// the old shard's commit is gone by then, and withdrawing the new one would lose the shard.
    /// </summary>
    public async Task ReplaceAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await PublishAsync(name, cancellationToken, replace: true);
        }
        finally
        {
            Discard(name);
        }
    }

    /// <summary>
    /// One attempt at the shard: data under the attempt's names, the commit, then the copies. False when another
    /// writer's commit won. However it ends, the attempt's objects are deleted (they are useless once the copies are
    /// done, the commit lost or withdrawn), except when the run is stopped (the cleaning of stale attempts does it)
    /// and when the copies of a replacing commit failed (the next run's repair needs them).
    /// </summary>
    private async Task<bool> PublishAsync(string name, CancellationToken cancellationToken, bool replace = false)
    {
        var attempt = ShardAttempt.New();
        var prefix = $"{AttemptsFolder}{attempt.Id}/";
        var uploaded = new List<string>();
        var committed = false;
        var keepForRepair = false;
        try
        {
            var objects = await UploadAttemptAsync(name, prefix, uploaded, cancellationToken);
            var statsFile = Path.Combine(stagingFolder, name + ShardObjects.StatsSuffix);
            var stats = ShardStatistics.Parse(statsFile);
            stats.Commit = new ShardCommit { Attempt = attempt.Id, Objects = objects };
            if (replace)
            {
                File.WriteAllBytes(statsFile, stats.ToJson());
                await store.UploadAsync(name + ShardObjects.StatsSuffix, statsFile, null, cancellationToken);
            }
            else if (!await store.TryCreateAsync(name + ShardObjects.StatsSuffix, stats.ToJson(), cancellationToken)
                || (!HonoursConditionalCreate && !await IsOursAsync(name, attempt.Id, cancellationToken)))
            {
                return false;
            }
            committed = true;
            foreach (var objectName in uploaded)
            {
                await store.CopyAsync(prefix + objectName, objectName, cancellationToken);
            }
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException && committed)
        {
            // A process starting beside this one may have finished the copies from the same objects (see RepairAsync).
            if (await IsCompleteAsync(name, cancellationToken))
            {
                return true;
            }
            if (replace)
            {
                keepForRepair = true;
                throw;
            }
            // The commit, when it is still this attempt's own, is withdrawn: the shard is not complete and is written
            // again, instead of standing in the way of the next attempt as another writer's.
            if (HonoursConditionalCreate || await IsOursAsync(name, attempt.Id, cancellationToken))
            {
                await store.DeleteAsync(name + ShardObjects.StatsSuffix, CancellationToken.None);
            }
            throw;
        }
        finally
        {
            if (!cancellationToken.IsCancellationRequested && !keepForRepair)
            {
                await DeleteQuietlyAsync(uploaded.Select(o => prefix + o));
            }
        }
    }

    /// <summary>Uploads the shard's data files under the attempt's prefix, adding each name to <paramref name="uploaded"/> once it is there; the objects the commit states.</summary>
    private async Task<List<CommittedObject>> UploadAttemptAsync(string name, string prefix, List<string> uploaded, CancellationToken cancellationToken)
    {
        var objects = new List<CommittedObject>();
        foreach (var group in DataFiles(name).GroupBy(d => d.CommittedName))
        {
            long size = 0;
            foreach (var (objectName, file, _) in group)
            {
                var md5 = await Md5Async(file, cancellationToken);
                await store.UploadAsync(prefix + objectName, file, md5, cancellationToken);
                uploaded.Add(objectName);
                size += new FileInfo(file).Length;
                if (!group.Key.EndsWith('/'))
                {
                    objects.Add(new CommittedObject(objectName, size, Convert.ToBase64String(md5)));
                }
            }
            if (group.Key.EndsWith('/'))
            {
                objects.Add(new CommittedObject(group.Key, size, Files: group.Count()));
            }
        }
        return objects;
    }

    /// <summary>
    /// Deletes an attempt's objects within <see cref="CleanupTimeout"/>; a failure leaves them to the cleaning of
    /// stale attempts rather than hiding why the attempt ended, or holding up a run whose store has gone away.
    /// </summary>
    private async Task DeleteQuietlyAsync(IEnumerable<string> names)
    {
        using var deadline = new CancellationTokenSource(CleanupTimeout);
        try
        {
            await DeleteAsync(names, deadline.Token);
        }
        catch (Exception)
        {
        }
    }

    private async Task<bool> IsCompleteAsync(string name, CancellationToken cancellationToken)
    {
        var listing = await store.ListAsync("", cancellationToken);
        return (await CommittedShards.ReadAsync(store, listing, cancellationToken)).TryGetValue(name, out var shard) && shard.Verified;
    }

    /// <summary>Where a store ignores conditional creates, the stats read back say whose commit stands.</summary>
    private async Task<bool> IsOursAsync(string name, string attempt, CancellationToken cancellationToken) =>
        ShardStatistics.Parse(await CommittedShards.ReadAllAsync(store, name + ShardObjects.StatsSuffix, cancellationToken), name).Commit?.Attempt == attempt;

    /// <summary>
    /// Finishes a committed shard's publication from its attempt's objects, when they are all still there: copying
    /// the same bytes again is harmless, whoever else does it too, such as the writer itself, still at work beside
    /// this process (which is why the attempt's objects are left for their writer, or for the cleaning of stale
    /// attempts). A commit without them is broken for good and is forgotten, so the shard is written again: listings
    /// run in name order and the attempts folder sorts before the shards, so attempt objects missing from a listing
    /// whose shard objects are not as committed were never all there. True when the shard is complete afterwards.
    /// </summary>
    private async Task<bool> RepairAsync(CommittedShard shard, IReadOnlyList<StoredObject> listing, CancellationToken cancellationToken)
    {
        if (shard.Stats?.Commit is not { } commit)
        {
            return false;
        }
        var prefix = $"{AttemptsFolder}{commit.Attempt}/";
        var attemptObjects = listing.Where(o => o.Name.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(o => o.Name[prefix.Length..], StringComparer.Ordinal);
        if (commit.Mismatch(attemptObjects) is not null)
        {
            await store.DeleteAsync(shard.Name + ShardObjects.StatsSuffix, cancellationToken);
            return false;
        }
        try
        {
            foreach (var objectName in attemptObjects.Keys)
            {
                await store.CopyAsync(prefix + objectName, objectName, cancellationToken);
            }
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Its writer finished and deleted them meanwhile: then the shard is complete.
            return await IsCompleteAsync(shard.Name, cancellationToken);
        }
    }

    /// <summary>The attempt and shard an object under the attempts folder belongs to; null for any other object.</summary>
    private static (string Id, int ShardId)? AttemptOf(string name)
    {
        if (!name.StartsWith(AttemptsFolder, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = name[AttemptsFolder.Length..];
        var slash = rest.IndexOf('/');
        return slash > 0 && ShardObjects.Parse(rest[(slash + 1)..]) is { } shard ? (rest[..slash], shard.ShardId) : null;
    }

    private async Task DeleteAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        foreach (var name in names)
        {
            await store.DeleteAsync(name, cancellationToken);
        }
    }

    private static async Task<byte[]> Md5Async(string file, CancellationToken cancellationToken)
    {
        await using var stream = FileSharing.OpenRead(file);
        return await MD5.HashDataAsync(stream, cancellationToken);
    }

    /// <summary>
    /// The staged data of a shard: NAME.tar / .parquet / .tfrecord, and the files of folder NAME/, each with the name
    /// its commit states it under (the folder's files as one "NAME/").
    /// </summary>
    private IEnumerable<(string Name, string File, string CommittedName)> DataFiles(string name)
    {
        foreach (var extension in new[] { ".tar", ".tfrecord", ".parquet" })
        {
            var file = Path.Combine(stagingFolder, name + extension);
            if (File.Exists(file))
            {
                yield return (name + extension, file, name + extension);
            }
        }
        var folder = Path.Combine(stagingFolder, name);
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
            {
                yield return ($"{name}/{Path.GetFileName(file)}", file, name + "/");
            }
        }
    }

    private void Discard(string name)
    {
        foreach (var (_, file, _) in DataFiles(name).ToList())
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
