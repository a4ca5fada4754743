using Amazon.Runtime;
using Amazon.S3;
using Azure;
using Azure.Identity;

namespace Img2Dataset.Engine.Storage;

/// <summary>
/// A store whose credentials may expire during a long run (a federated or session token, a SAS, a rotated key): an
/// operation refused for its credentials (HTTP 401 or 403, an expired AWS token, a credential that cannot get a
/// token) is tried once more on a store opened anew, which takes its credentials afresh from where they come from (the
/// environment, the AWS shared files, DefaultAzureCredential's chain), before the operation fails.
/// </summary>
public sealed class ReauthenticatingStore(Func<IObjectStore> open) : IObjectStore
{
    private IObjectStore current = open();

    public StorageLocation Location => current.Location;

    /// <summary>How many times the store was opened anew after a refusal, for the verbose stream and the tests.</summary>
    public int Reopened { get; private set; }

    public Task CheckAccessAsync(bool write, CancellationToken cancellationToken) => Again(s => s.CheckAccessAsync(write, cancellationToken));

    public Task<IReadOnlyList<StoredObject>> ListAsync(string namePrefix, CancellationToken cancellationToken) => Again(s => s.ListAsync(namePrefix, cancellationToken));

    public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken) => Again(s => s.OpenReadAsync(name, cancellationToken));

    public Task UploadAsync(string name, string localFile, byte[]? contentMd5, CancellationToken cancellationToken) => Again(s => s.UploadAsync(name, localFile, contentMd5, cancellationToken));

    public Task<bool> TryCreateAsync(string name, byte[] content, CancellationToken cancellationToken) => Again(s => s.TryCreateAsync(name, content, cancellationToken));

    public Task CopyAsync(string source, string target, CancellationToken cancellationToken) => Again(s => s.CopyAsync(source, target, cancellationToken));

    public Task DeleteAsync(string name, CancellationToken cancellationToken) => Again(s => s.DeleteAsync(name, cancellationToken));

    /// <summary>Whether a failure is the store refusing the credentials, which fresh ones may cure.</summary>
    public static bool IsCredentialRefused(Exception e) => e switch
    {
        StorageAccessException { InnerException: { } inner } => IsCredentialRefused(inner),
        RequestFailedException azure => azure.Status is 401 or 403,
        AuthenticationFailedException => true,
        AmazonS3Exception s3 => s3.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden
            || s3.ErrorCode is "ExpiredToken" or "TokenRefreshRequired" or "RequestExpired",
        AmazonClientException { InnerException: { } inner } => IsCredentialRefused(inner),
        _ => false,
    };

    private async Task Again(Func<IObjectStore, Task> operation) => await Again(async s =>
    {
        await operation(s);
        return true;
    });

    private async Task<T> Again<T>(Func<IObjectStore, Task<T>> operation)
    {
        var used = current;
        try
        {
            return await operation(used);
        }
        catch (Exception e) when (IsCredentialRefused(e))
        {
            // Opened anew once for the concurrent operations that met the same refusal, not once each.
            lock (open)
            {
                if (ReferenceEquals(current, used))
                {
                    current = open();
                    Reopened++;
                }
            }
            return await operation(current);
        }
    }
}
