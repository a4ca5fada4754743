namespace Img2Dataset.Engine.Storage;

/// <summary>Opens the store a location names.</summary>
public static class ObjectStores
{
    /// <param name="location">A local folder, <c>az://</c>, a blob service URL, or <c>s3://</c>.</param>
    /// <param name="s3Endpoint">An S3-compatible endpoint, over the environment's.</param>
    public static IObjectStore Open(string location, Uri? s3Endpoint = null)
    {
        var parsed = StorageLocation.Parse(location);
        return parsed.Kind switch
        {
            StorageKind.AzureBlob => new ReauthenticatingStore(() => new AzureBlobStore(parsed)),
            StorageKind.S3 => new ReauthenticatingStore(() => new S3Store(parsed, s3Endpoint)),
            _ => new LocalFolderStore(location),
        };
    }

    /// <summary>Copies one object to a local file, streamed.</summary>
    public static async Task DownloadAsync(this IObjectStore store, string name, string file, CancellationToken cancellationToken)
    {
        await using var source = await store.OpenReadAsync(name, cancellationToken);
        await using var local = File.Create(file);
        await source.CopyToAsync(local, cancellationToken);
    }
}
