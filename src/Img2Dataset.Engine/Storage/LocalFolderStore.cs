namespace Img2Dataset.Engine.Storage;

/// <summary>A local folder as an <see cref="IObjectStore"/>: names are relative paths; an upload is a copy to a partial name, then a rename.</summary>
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

    public Task<IReadOnlyList<string>> ListAsync(string namePrefix, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
                .Where(n => n.StartsWith(namePrefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList()
            : []);

    public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(File.OpenRead(Path.Combine(folder, name)));

    public Task UploadAsync(string name, string localFile, CancellationToken cancellationToken)
    {
        var target = Path.Combine(folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(localFile, target + ".partial", overwrite: true);
        File.Move(target + ".partial", target, overwrite: true);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        File.Delete(Path.Combine(folder, name));
        return Task.CompletedTask;
    }
}
