using System.Management.Automation;
using Img2Dataset.Engine.Fetch;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>The parameters of the cmdlets that download image bodies (not only headers): retries, size cap, hashing.</summary>
public abstract class DownloadCommandBase : NetworkCommandBase
{
    /// <summary>Invoke-WebRequest's name; -Retries (the reference's retries) answers too.</summary>
    [Parameter]
    [Alias("Retries")]
    [ValidateRange(0, 100)]
    public int MaximumRetryCount { get; set; }

    [Parameter]
    [Alias("max_bytes")]
    [ValidateRange(1L, long.MaxValue)]
    public long MaxBytes { get; set; } = 50L * 1024 * 1024;

    [Parameter]
    [Alias("max_bytes_in_flight")]
    [ValidateRange(1L << 20, long.MaxValue)]
    public long MaxBytesInFlight { get; set; } = FetchOptions.DefaultMaxBytesInFlight;

    [Parameter]
    [Alias("compute_hash")]
    [ValidateSet("none", "md5", "sha256", "sha512")]
    public string ComputeHash { get; set; } = "sha256";

    protected FetchOptions DownloadFetchOptions => FetchOptions with { Retries = MaximumRetryCount, MaxBytes = MaxBytes, MaxBytesInFlight = MaxBytesInFlight };
}
