namespace Img2Dataset.Engine.Storage;

/// <summary>
/// A local folder as an <see cref="IObjectStore"/>: names are relative paths; an upload is a copy to a partial name,
/// then a rename; a conditional create is a rename that fails when the name is taken, which every file system (and
/// network file systems: NFS 3 and later, SMB) performs atomically.
/// </summary>
public sealed class LocalFolderStore(string folder) : IObjectStore
{
    public StorageLocation Location { get; } = StorageLocation.Parse(folder);

    public Task CheckAccessAsync(bool write, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            throw new StorageAccessException(folder, "the folder does not exist.");
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StoredObject>> ListAsync(string namePrefix, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredObject>>(Directory.Exists(folder)
            ? new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories)
                .Select(f => new StoredObject(Path.GetRelativePath(folder, f.FullName).Replace('\\', '/'), f.Length, null, f.LastWriteTimeUtc))
                .Where(o => o.Name.StartsWith(namePrefix, StringComparison.Ordinal))
                .OrderBy(o => o.Name, StringComparer.Ordinal)
                .ToList()
            : []);

    public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(FileSharing.OpenRead(Path.Combine(folder, name)));

    public Task UploadAsync(string name, string localFile, byte[]? contentMd5, CancellationToken cancellationToken)
    {
        var target = Target(name);
        var partial = $"{target}.{Guid.NewGuid():N}.partial";
        File.Copy(localFile, partial, overwrite: true);
        File.Move(partial, target, overwrite: true);
        return Task.CompletedTask;
    }

    public async Task<bool> TryCreateAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        var target = Target(name);
        var partial = $"{target}.{Guid.NewGuid():N}.partial";
        await File.WriteAllBytesAsync(partial, content, cancellationToken);
        return LocalPaths.TryMoveToNew(partial, target);
    }

    public Task CopyAsync(string source, string target, CancellationToken cancellationToken) =>
        UploadAsync(target, Path.Combine(folder, source), null, cancellationToken);

    public Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        File.Delete(Path.Combine(folder, name));
        return Task.CompletedTask;
    }

    private string Target(string name)
    {
        var target = Path.Combine(folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        return target;
    }
}
