using Img2Dataset.Engine.Jobs;
using Img2Dataset.Engine.Maintenance;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.Engine.Storage;

/// <summary>
/// A local copy of a remote dataset's complete shards for the readers that need files (Get-DatasetMetadata,
/// Get-DatasetSample, the report): each complete shard's metadata parquet and stats (a shard whose objects are not as
/// its commit states is not complete, so not copied), and its images (tar, TFRecord, image files) only while a reader
/// takes that shard, deleted before the next. A reader needs the metadata's size on disk and one shard's, not the
/// dataset's. The shard was checked against the store's listing here, so its local stats go without the commit that
/// would ask for data files the copy does not hold (as a stats file another tool wrote, it is taken at its word). The
/// dataset's recorded state (its config, plan and maintenance history) is copied too; the copy is deleted when
/// disposed.
/// </summary>
public sealed class RemoteDatasetMirror : IDisposable
{
    private static readonly string[] StateFiles =
        [JobConfiguration.FileName, DatasetPlan.FileName, MaintenanceHistory.FileName];

    /// <summary>The data objects (tar, tfrecord, image files) left in the store, with their paths in the copy, by shard name.</summary>
    private readonly Dictionary<string, List<(string Name, string File)>> dataLeft = new(StringComparer.Ordinal);
    private readonly IObjectStore store;

    private RemoteDatasetMirror(IObjectStore store, string folder) => (this.store, Folder) = (store, folder);

    public string Folder { get; }

    /// <param name="store">The dataset's location.</param>
    /// <param name="cancellationToken">Stops the copy.</param>
    public static async Task<RemoteDatasetMirror> CreateAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        await store.CheckAccessAsync(write: false, cancellationToken);
        var mirror = new RemoteDatasetMirror(store, Path.Combine(Path.GetTempPath(), "img2dataset-mirror-" + Guid.NewGuid().ToString("N")));
        try
        {
            Directory.CreateDirectory(mirror.Folder);
            var listing = await store.ListAsync("", cancellationToken);
            foreach (var state in StateFiles.Select(f => $"{OutputFolderLayout.StateFolderName}/{f}").Where(n => listing.Any(o => o.Name == n)))
            {
                Directory.CreateDirectory(Path.Combine(mirror.Folder, OutputFolderLayout.StateFolderName));
                await store.DownloadAsync(state, Path.Combine(mirror.Folder, state), cancellationToken);
            }
            var complete = (await CommittedShards.ReadAsync(store, listing, cancellationToken)).Values.Where(s => s.Verified).ToDictionary(s => s.ShardId);
            foreach (var name in listing.Select(o => o.Name))
            {
                if (ShardObjects.Parse(name) is not { } shard || !complete.TryGetValue(shard.ShardId, out var committed))
                {
                    continue;
                }
                if (shard.IsStats)
                {
                    committed.Stats!.Commit = null;
                    await File.WriteAllBytesAsync(Path.Combine(mirror.Folder, name), committed.Stats.ToJson(), cancellationToken);
                }
                else if (name.EndsWith(".parquet", StringComparison.Ordinal))
                {
                    await mirror.DownloadAsync((name, mirror.LocalPath(name)), cancellationToken);
                }
                else
                {
                    var shardName = name[..name.IndexOfAny(['.', '/'])];
                    mirror.dataLeft.TryAdd(shardName, []);
                    mirror.dataLeft[shardName].Add((name, mirror.LocalPath(name)));
                }
            }
            return mirror;
        }
        catch
        {
            mirror.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The samples of every complete shard, in name order, each shard's images on disk only while its samples are read
    /// (<see cref="ShardsWithImages"/>).
    /// </summary>
    public IEnumerable<StoredSample> Samples(CancellationToken cancellationToken)
    {
        OutputFormat? format = null;
        foreach (var (shard, _) in ShardsWithImages(cancellationToken))
        {
            format ??= DatasetReader.FormatOf(Folder, [shard]);
            foreach (var sample in DatasetReader.ReadShard(Folder, shard, format.Value))
            {
                yield return sample;
            }
        }
        if (format is null)
        {
            throw new InvalidDataException("The remote dataset holds no complete shard (no NAME_stats.json whose objects are as it states).");
        }
    }

    /// <summary>
    /// Every complete shard with its stats, in name order, its images downloaded into the copy before it is given and
    /// deleted once the reader moves on (or stops): a reader of the whole dataset needs one shard's size on disk.
    /// Blocks on each download: the shard readers (tar, TFRecord, Parquet) and the cmdlets that stream their samples
    /// are synchronous.
    /// </summary>
    public IEnumerable<(string Shard, ShardStatistics Stats)> ShardsWithImages(CancellationToken cancellationToken)
    {
        foreach (var (shard, stats) in DatasetReader.CompleteShardStatistics(Folder))
        {
            DownloadShardDataAsync(shard, cancellationToken).GetAwaiter().GetResult();
            try
            {
                yield return (shard, stats);
            }
            finally
            {
                DeleteShardData(shard);
            }
        }
    }

    /// <summary>
    /// Downloads one shard's data objects into the copy, for a reader that takes the shards one at a time and deletes
    /// them (<see cref="DeleteShardData"/>) before the next.
    /// </summary>
    public async Task DownloadShardDataAsync(string shard, CancellationToken cancellationToken)
    {
        foreach (var data in dataLeft.GetValueOrDefault(shard) ?? [])
        {
            await DownloadAsync(data, cancellationToken);
        }
    }

    /// <summary>Deletes what <see cref="DownloadShardDataAsync"/> downloaded of <paramref name="shard"/>.</summary>
    public void DeleteShardData(string shard)
    {
        foreach (var (_, file) in dataLeft.GetValueOrDefault(shard) ?? [])
        {
            File.Delete(file);
        }
        var imageFolder = Path.Combine(Folder, shard);
        if (Directory.Exists(imageFolder))
        {
            Directory.Delete(imageFolder, recursive: true);
        }
    }

    /// <summary>Where an object goes in the copy; a name from the store's listing that would leave it is refused (<see cref="ObjectLocalPath"/>).</summary>
    private string LocalPath(string name) => ObjectLocalPath.In(Folder, name, store.Location);

    private async Task DownloadAsync((string Name, string File) data, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(data.File)!);
        await store.DownloadAsync(data.Name, data.File, cancellationToken);
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
