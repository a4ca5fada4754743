using Img2Dataset.Engine.Policy;

namespace Img2Dataset.Engine.Fetch;

/// <summary>Everything the downloader needs: how to fetch, which opt-outs to honour, and how to hash.</summary>
public sealed record DownloadOptions
{
    public FetchOptions Fetch { get; init; } = new();
    public OptOutPolicy OptOut { get; init; } = new();
    public HashKind ComputeHash { get; init; } = HashKind.Sha256;
    /// <summary>Compare the computed hash with the row's expected hash; a difference fails the row with "hash mismatch".</summary>
    public bool VerifyHash { get; init; }
    /// <summary>First back-off before a retry; doubled per attempt, with up to 50% jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public void Validate()
    {
        Fetch.Validate();
        OptOut.Validate();
        if (VerifyHash && ComputeHash == HashKind.None)
        {
            throw new ArgumentException("Verifying hashes needs a hash to compute: choose md5, sha256 or sha512.", nameof(VerifyHash));
        }
    }
}
