namespace Img2Dataset.Engine.Storage;

/// <summary>
/// A local copy of a remote dataset's complete shards (data and stats, streamed object by object; a shard whose
/// objects are not as its commit states is not complete, so not copied), for the readers
/// that need files: Get-DatasetSample, Get-DatasetMetadata and the Export cmdlets. It needs the dataset's size on
/// disk, not in memory; the copy is deleted when disposed.
/// </summary>
public sealed class RemoteDatasetMirror : IDisposable
{
    private RemoteDatasetMirror(string folder) => Folder = folder;

    public string Folder { get; }

    public static async Task<RemoteDatasetMirror> CreateAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        await store.CheckAccessAsync(write: false, cancellationToken);
        var mirror = new RemoteDatasetMirror(Path.Combine(Path.GetTempPath(), "img2dataset-mirror-" + Guid.NewGuid().ToString("N")));
        try
        {
            var listing = await store.ListAsync("", cancellationToken);
            var complete = (await CommittedShards.ReadAsync(store, listing, cancellationToken)).Values.Where(s => s.Verified).Select(s => s.ShardId).ToHashSet();
            foreach (var name in listing.Select(o => o.Name).Where(n => ShardObjects.Parse(n) is { } p && complete.Contains(p.ShardId)))
            {
                var file = Path.Combine(mirror.Folder, name);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                await store.DownloadAsync(name, file, cancellationToken);
            }
            Directory.CreateDirectory(mirror.Folder);
            return mirror;
        }
        catch
        {
            mirror.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
