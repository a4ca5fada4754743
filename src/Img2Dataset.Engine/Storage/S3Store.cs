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
            // As for Azure: a store that is gone fails an upload in tens of seconds (see -StoreTimeout).
            Timeout = TimeSpan.FromSeconds(30),
            MaxErrorRetry = 3,
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

    public async Task<IReadOnlyList<StoredObject>> ListAsync(string namePrefix, CancellationToken cancellationToken)
    {
        var root = Location.Root;
        var objects = new List<StoredObject>();
        var request = new ListObjectsV2Request { BucketName = Location.Container, Prefix = root + namePrefix };
        ListObjectsV2Response response;
        do
        {
            response = await client.ListObjectsV2Async(request, cancellationToken);
            objects.AddRange((response.S3Objects ?? []).Select(o => new StoredObject(o.Key[root.Length..], o.Size ?? 0, Md5OfETag(o.ETag), o.LastModified)));
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);
        objects.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return objects;
    }

    /// <summary>The ETag of an object written in one PUT (or copied from one) is the MD5 of its content; a multipart one's ("…-N") is not.</summary>
    private static byte[]? Md5OfETag(string? etag)
    {
        var hex = etag?.Trim('"');
        return hex is { Length: 32 } && hex.All(char.IsAsciiHexDigit) ? Convert.FromHexString(hex) : null;
    }

    public async Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken) =>
        (await client.GetObjectAsync(Location.Container, Location.Key(name), cancellationToken)).ResponseStream;

    /// <summary>
    /// One PUT streamed from the file, without aws-chunked signing (S3-compatible stores such as s3rver would store
    /// the chunk framing as the object); files over 5 GB, S3's limit for one PUT, go in a multipart upload.
    /// </summary>
    public async Task UploadAsync(string name, string localFile, byte[]? contentMd5, CancellationToken cancellationToken)
    {
        if (new FileInfo(localFile).Length < SinglePutLimit)
        {
            await client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = Location.Container,
                Key = Location.Key(name),
                FilePath = localFile,
                UseChunkEncoding = false,
                // Content-MD5: S3 refuses a body that arrived different.
                MD5Digest = contentMd5 is null ? null : Convert.ToBase64String(contentMd5),
            }, cancellationToken);
            return;
        }
        using var transfer = new TransferUtility(client);
        await transfer.UploadAsync(localFile, Location.Container, Location.Key(name), cancellationToken);
    }

    private const long SinglePutLimit = 5L * 1024 * 1024 * 1024;

    /// <summary>PutObject with <c>If-None-Match: *</c> (S3 conditional writes): 412 when the key exists.</summary>
    public async Task<bool> TryCreateAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        try
        {
            await client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = Location.Container,
                Key = Location.Key(name),
                InputStream = new MemoryStream(content, writable: false),
                UseChunkEncoding = false,
                IfNoneMatch = "*",
            }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode is System.Net.HttpStatusCode.PreconditionFailed or System.Net.HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>
    /// CopyObject within the bucket: S3 copies the bytes (up to 5 GB, the size of a shard by far). Some S3-compatible
    /// servers cannot parse the copy source the SDK sends (s3rver does not decode its escaped slashes and answers
    /// NoSuchBucket); for them the object is streamed through this machine instead.
    /// </summary>
    public async Task CopyAsync(string source, string target, CancellationToken cancellationToken)
    {
        try
        {
            await client.CopyObjectAsync(Location.Container, Location.Key(source), Location.Container, Location.Key(target), cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket")
        {
            // Through a temporary file: a stream the SDK cannot seek would be sent aws-chunked, which such servers store as it comes.
            var file = Path.Combine(Path.GetTempPath(), "img2dataset-copy-" + Guid.NewGuid().ToString("N"));
            try
            {
                await this.DownloadAsync(source, file, cancellationToken);
                await UploadAsync(target, file, null, cancellationToken);
            }
            finally
            {
                File.Delete(file);
            }
        }
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken) =>
        await client.DeleteObjectAsync(Location.Container, Location.Key(name), cancellationToken);
}
