using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;

namespace Img2Dataset.Engine.Storage;

/// <summary>
/// A bucket (and prefix) of S3 or an S3-compatible store. Credentials and region come from the AWS SDK's default
/// chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, AWS_PROFILE and the shared files, instance
/// and container roles); the endpoint from the given one, else AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL, else AWS's,
/// with path-style addressing for a custom endpoint. Uploads stream from the staged file (multipart when large).
/// </summary>
public sealed class S3Store : IObjectStore
{
    private readonly AmazonS3Client client;

    public S3Store(StorageLocation location, Uri? endpoint)
    {
        Location = location;
        var config = new AmazonS3Config
        {
            // Only what S3-compatible stores all accept: no trailing checksums, no chunked signing.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        var custom = endpoint?.AbsoluteUri ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3") ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        if (!string.IsNullOrEmpty(custom))
        {
            config.ServiceURL = custom;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") ?? "us-east-1";
        }
        client = EnvironmentCredentials() is { } credentials ? new AmazonS3Client(credentials, config) : new AmazonS3Client(config);
    }

    /// <summary>
    /// The keys in the environment, read now: the SDK's chain caches what it resolved for the life of the process,
    /// and a PowerShell session outlives many changes of $env:AWS_*. Null when they are not set (the chain applies).
    /// </summary>
    private static AWSCredentials? EnvironmentCredentials()
    {
        var key = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID");
        var secret = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret))
        {
            return null;
        }
        return Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN") is { Length: > 0 } token
            ? new SessionAWSCredentials(key, secret, token)
            : new BasicAWSCredentials(key, secret);
    }

    public StorageLocation Location { get; }

    public async Task CheckAccessAsync(bool write, CancellationToken cancellationToken)
    {
        try
        {
            await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Location.Container, Prefix = Location.Root, MaxKeys = 1 }, cancellationToken);
            if (write)
            {
                var probe = Location.Key($".img2dataset/write-probe-{Guid.NewGuid():N}");
                await client.PutObjectAsync(new PutObjectRequest { BucketName = Location.Container, Key = probe, ContentBody = "probe", UseChunkEncoding = false }, cancellationToken);
                await client.DeleteObjectAsync(Location.Container, probe, cancellationToken);
            }
        }
        catch (AmazonS3Exception e)
        {
            throw new StorageAccessException(Location.ToString(), e.ErrorCode switch
            {
                "NoSuchBucket" => $"the bucket '{Location.Container}' does not exist.",
                "InvalidAccessKeyId" or "SignatureDoesNotMatch" => $"the AWS credentials were refused ({e.ErrorCode}): {e.Message}",
                "AccessDenied" => $"access denied{(write ? " (reading and writing are both needed)" : "")}: {e.Message}",
                _ => $"cannot use the bucket: HTTP {(int)e.StatusCode} {e.ErrorCode}: {e.Message}",
            }, e);
        }
        catch (AmazonClientException e)
        {
            throw new StorageAccessException(Location.ToString(), $"no AWS credentials or endpoint could be had: {e.Message}", e);
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync(string namePrefix, CancellationToken cancellationToken)
    {
        var root = Location.Root;
        var names = new List<string>();
        var request = new ListObjectsV2Request { BucketName = Location.Container, Prefix = root + namePrefix };
        ListObjectsV2Response response;
        do
        {
            response = await client.ListObjectsV2Async(request, cancellationToken);
            names.AddRange((response.S3Objects ?? []).Select(o => o.Key[root.Length..]));
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public async Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken) =>
        (await client.GetObjectAsync(Location.Container, Location.Key(name), cancellationToken)).ResponseStream;

    /// <summary>
    /// One PUT streamed from the file, without aws-chunked signing (S3-compatible stores such as s3rver would store
    /// the chunk framing as the object); files over 5 GB, S3's limit for one PUT, go in a multipart upload.
    /// </summary>
    public async Task UploadAsync(string name, string localFile, CancellationToken cancellationToken)
    {
        if (new FileInfo(localFile).Length < SinglePutLimit)
        {
            await client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = Location.Container,
                Key = Location.Key(name),
                FilePath = localFile,
                UseChunkEncoding = false,
            }, cancellationToken);
            return;
        }
        using var transfer = new TransferUtility(client);
        await transfer.UploadAsync(localFile, Location.Container, Location.Key(name), cancellationToken);
    }

    private const long SinglePutLimit = 5L * 1024 * 1024 * 1024;

    public async Task DeleteAsync(string name, CancellationToken cancellationToken) =>
        await client.DeleteObjectAsync(Location.Container, Location.Key(name), cancellationToken);
}
