using Img2Dataset.Engine.Jobs;
using Img2Dataset.Engine.Maintenance;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.Engine.Storage;

/// <summary>
/// A local copy of a remote dataset's complete shards (data and stats, streamed object by object; a shard whose
/// objects are not as its commit states is not complete, so not copied), for the readers that need files:
/// Get-DatasetSample, the Export cmdlets, the report. It needs the dataset's size on disk, not in memory; the copy is
/// deleted when disposed. A reader of metadata alone (Get-DatasetMetadata) takes only each complete shard's parquet
/// and stats: the shard was checked against the store's listing here, so its local stats go without the commit that
/// would ask for data files the copy does not hold (as a stats file another tool wrote, it is taken at its word). The
/// dataset's recorded state (its config, plan and maintenance history) is copied too.
/// </summary>
public sealed class RemoteDatasetMirror : IDisposable
{
    private static readonly string[] StateFiles =
        [JobConfiguration.FileName, DatasetPlan.FileName, MaintenanceHistory.FileName];

    /// <summary>A metadata-only copy's data objects (tar, tfrecord, image files) left in the store, by shard name.</summary>
    private readonly Dictionary<string, List<string>> dataLeft = new(StringComparer.Ordinal);
    private readonly IObjectStore store;

    private RemoteDatasetMirror(IObjectStore store, string folder) => (this.store, Folder) = (store, folder);

    public string Folder { get; }

    /// <param name="store">The dataset's location.</param>
    /// <param name="cancellationToken">Stops the copy.</param>
    /// <param name="metadataOnly">Copy each complete shard's metadata parquet and stats only, not its images.</param>
    public static async Task<RemoteDatasetMirror> CreateAsync(IObjectStore store, CancellationToken cancellationToken, bool metadataOnly = false)
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
                if (metadataOnly && shard.IsStats)
                {
                    committed.Stats!.Commit = null;
                    await File.WriteAllBytesAsync(Path.Combine(mirror.Folder, name), committed.Stats.ToJson(), cancellationToken);
                }
                else if (!metadataOnly || name.EndsWith(".parquet", StringComparison.Ordinal))
                {
                    await mirror.DownloadAsync(name, cancellationToken);
                }
                else
                {
                    var shardName = name[..name.IndexOfAny(['.', '/'])];
                    mirror.dataLeft.TryAdd(shardName, []);
                    mirror.dataLeft[shardName].Add(name);
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
    /// Downloads one shard's data objects into a metadata-only copy, for a reader that takes the shards one at a time
    /// and deletes them (<see cref="DeleteShardData"/>) before the next: it needs one shard's size on disk, not the
    /// dataset's.
    /// </summary>
    public async Task DownloadShardDataAsync(string shard, CancellationToken cancellationToken)
    {
        foreach (var name in dataLeft.GetValueOrDefault(shard) ?? [])
        {
            await DownloadAsync(name, cancellationToken);
        }
    }

    /// <summary>Deletes what <see cref="DownloadShardDataAsync"/> downloaded of <paramref name="shard"/>.</summary>
    public void DeleteShardData(string shard)
    {
        foreach (var name in dataLeft.GetValueOrDefault(shard) ?? [])
        {
            File.Delete(Path.Combine(Folder, name));
        }
        var imageFolder = Path.Combine(Folder, shard);
        if (Directory.Exists(imageFolder))
        {
            Directory.Delete(imageFolder, recursive: true);
        }
    }

    private async Task DownloadAsync(string name, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await store.DownloadAsync(name, file, cancellationToken);
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
