using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Img2Dataset.Engine.Storage;

/// <summary>
/// A container (and prefix) of Azure Blob Storage. Credentials, in this order: a SAS in the URL; the
/// AZURE_STORAGE_CONNECTION_STRING environment variable (the account, key and endpoints, as Azurite's well-known one);
/// then DefaultAzureCredential (environment, workload and managed identity, Azure CLI and PowerShell logins) for the
/// account of the URL or of AZURE_STORAGE_ACCOUNT. Uploads stream from the staged file in blocks.
/// </summary>
public sealed class AzureBlobStore : IObjectStore
{
    public const string ConnectionStringVariable = "AZURE_STORAGE_CONNECTION_STRING";
    public const string AccountVariable = "AZURE_STORAGE_ACCOUNT";
    private readonly BlobContainerClient container;

    public AzureBlobStore(StorageLocation location)
    {
        Location = location;
        container = Connect(location);
    }

    public StorageLocation Location { get; }

    /// <summary>Which credential the store uses, for the verbose stream.</summary>
    public string CredentialSource { get; private set; } = "";

    private BlobContainerClient Connect(StorageLocation location)
    {
        // A store that is gone should fail an upload in tens of seconds, not the SDK's 100 s per try: the run gives up
        // once every upload has failed for -StoreTimeout, which it can only see once they fail.
        var options = new BlobClientOptions { Retry = { MaxRetries = 3, NetworkTimeout = TimeSpan.FromSeconds(30) } };
        if (location.Sas is { } sas)
        {
            CredentialSource = "the SAS in the URL";
            return new BlobContainerClient(new Uri($"{location.ServiceUri!.AbsoluteUri.TrimEnd('/')}/{location.Container}?{sas}"), options);
        }
        if (Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } connection)
        {
            CredentialSource = ConnectionStringVariable;
            return new BlobContainerClient(connection, location.Container, options);
        }
        var service = location.ServiceUri
            ?? (Environment.GetEnvironmentVariable(AccountVariable) is { Length: > 0 } account
                ? new Uri($"https://{account}.blob.core.windows.net")
                : throw new StorageAccessException(location.ToString(),
                    $"no account: give the full https://<account>.blob.core.windows.net/... URL, or set {AccountVariable} or {ConnectionStringVariable}."));
        CredentialSource = "DefaultAzureCredential";
        return new BlobContainerClient(new Uri($"{service.AbsoluteUri.TrimEnd('/')}/{location.Container}"), new DefaultAzureCredential(), options);
    }

    public async Task CheckAccessAsync(bool write, CancellationToken cancellationToken)
    {
        var writing = false;
        try
        {
            // Listing proves read access with any credential kind (a SAS may not allow reading container properties).
            await foreach (var _ in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, Location.Root, cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
            {
                break;
            }
            if (write)
            {
                writing = true;
                var probe = container.GetBlobClient(Location.Key($".img2dataset/write-probe-{Guid.NewGuid():N}"));
                await probe.UploadAsync(BinaryData.FromString("probe"), cancellationToken);
                await probe.DeleteIfExistsAsync(cancellationToken: cancellationToken);
            }
        }
        catch (RequestFailedException e)
        {
            throw new StorageAccessException(Location.ToString(), Explain(e, writing), e);
        }
        catch (AuthenticationFailedException e)
        {
            throw new StorageAccessException(Location.ToString(), $"no Azure credential could be had ({CredentialSource}): {e.Message}", e);
        }
    }

    /// <summary>The fault in words; <paramref name="writing"/> says the read succeeded and the write probe failed.</summary>
    private string Explain(RequestFailedException e, bool writing) => e.ErrorCode switch
    {
        "ContainerNotFound" => $"the container '{Location.Container}' does not exist.",
        // Azure says AuthenticationFailed; the emulator says AuthorizationFailure with the same words.
        "AuthenticationFailed" or "AuthorizationFailure" when e.Message.Contains("failed to authenticate", StringComparison.OrdinalIgnoreCase) =>
            $"the credential ({CredentialSource}) was refused: {FirstLine(e.Message)}",
        "AuthorizationPermissionMismatch" or "AuthorizationFailure" or "AuthorizationResourceTypeMismatch" when writing =>
            $"the credential ({CredentialSource}) may read but not write here (a read-only SAS?): {FirstLine(e.Message)}",
        _ => $"cannot use the container ({CredentialSource}): HTTP {e.Status} {e.ErrorCode}: {FirstLine(e.Message)}",
    };

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    public async Task<IReadOnlyList<StoredObject>> ListAsync(string namePrefix, CancellationToken cancellationToken)
    {
        var root = Location.Root;
        var objects = new List<StoredObject>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, root + namePrefix, cancellationToken: cancellationToken))
        {
            objects.Add(new StoredObject(blob.Name[root.Length..], blob.Properties.ContentLength ?? 0, blob.Properties.ContentHash, blob.Properties.LastModified));
        }
        objects.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return objects;
    }

    public async Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken) =>
        await container.GetBlobClient(Location.Key(name)).OpenReadAsync(cancellationToken: cancellationToken);

    /// <summary>
    /// Streams the file as a block blob, one 4 MiB block at a time through one buffer of this upload, then commits
    /// the block list (the blob appears whole, or not at all). The SDK's own parallel upload rents its block buffers
    /// from the shared array pool, whose per-thread caches kept up to a hundred megabytes more as a job went on.
    /// </summary>
    public async Task UploadAsync(string name, string localFile, byte[]? contentMd5, CancellationToken cancellationToken)
    {
        var blob = container.GetBlockBlobClient(Location.Key(name));
        await using var file = FileSharing.OpenRead(localFile);
        var buffer = new byte[BlockSize];
        var blocks = new List<string>();
        int read;
        while ((read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken)) > 0)
        {
            // Block ids of one blob must all have the same length.
            var id = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(blocks.Count.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)));
            using var block = new MemoryStream(buffer, 0, read, writable: false);
            await blob.StageBlockAsync(id, block, cancellationToken: cancellationToken);
            blocks.Add(id);
        }
        // The MD5 goes into the blob's Content-MD5, which listings return: readers check a shard's objects against it.
        await blob.CommitBlockListAsync(blocks, new CommitBlockListOptions { HttpHeaders = new BlobHttpHeaders { ContentHash = contentMd5 } }, cancellationToken);
    }

    /// <summary>Put Blob with <c>If-None-Match: *</c>: the service refuses it (409 BlobAlreadyExists) when the blob exists.</summary>
    public async Task<bool> TryCreateAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        try
        {
            await container.GetBlobClient(Location.Key(name)).UploadAsync(BinaryData.FromBytes(content),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>Copy Blob within the account, waited for: the service copies the bytes (and the Content-MD5).</summary>
    public async Task CopyAsync(string source, string target, CancellationToken cancellationToken)
    {
        var copy = await container.GetBlobClient(Location.Key(target)).StartCopyFromUriAsync(container.GetBlobClient(Location.Key(source)).Uri, cancellationToken: cancellationToken);
        await copy.WaitForCompletionAsync(cancellationToken);
    }

    private const int BlockSize = 4 * 1024 * 1024;

    public async Task DeleteAsync(string name, CancellationToken cancellationToken) =>
        await container.GetBlobClient(Location.Key(name)).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
}
