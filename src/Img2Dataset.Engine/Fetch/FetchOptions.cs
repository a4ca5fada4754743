namespace Img2Dataset.Engine.Fetch;

/// <summary>How images are fetched: concurrency, time and size limits, politeness and network safety.</summary>
public sealed record FetchOptions
{
    /// <summary>Concurrent downloads. 64 saturates a loopback or a fast link from one process; the reference's 256 is per process of many.</summary>
    public int ThreadCount { get; init; } = 64;
    /// <summary>Budget of one attempt: connect, headers and body together.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
    public int Retries { get; init; }
    public long MaxBytes { get; init; } = 50L * 1024 * 1024;
    /// <summary>
    /// Bytes of bodies held at once by the whole run (downloading, waiting to be transformed or written). A body
    /// waits for room within its timeout; one larger than the whole budget is refused as too large.
    /// </summary>
    public long MaxBytesInFlight { get; init; } = DefaultMaxBytesInFlight;
    public int MaxConnectionsPerHost { get; init; } = 16;
    public int MaxRedirects { get; init; } = 5;
    public bool IgnoreSslCertificate { get; init; }
    /// <summary>Lets requests reach loopback, private, link-local and unspecified addresses (tests, intranets).</summary>
    public bool AllowPrivateNetwork { get; init; }
    public string UserAgentToken { get; init; } = Policy.OptOutPolicy.DefaultUserAgentToken;
    /// <summary>The proxy every request goes through; null: the environment's (HTTP_PROXY, HTTPS_PROXY, NO_PROXY).</summary>
    public Uri? Proxy { get; init; }
    public System.Net.NetworkCredential? ProxyCredential { get; init; }
    /// <summary>Answers the proxy's challenge with the user's own credentials (Windows integrated authentication).</summary>
    public bool ProxyUseDefaultCredentials { get; init; }
    /// <summary>Goes direct, ignoring the environment's proxy.</summary>
    public bool NoProxy { get; init; }

    public const long DefaultMaxBytesInFlight = 256L * 1024 * 1024;

    public void Validate()
    {
        Require(ThreadCount >= 1, nameof(ThreadCount), "at least 1");
        Require(Timeout > TimeSpan.Zero, nameof(Timeout), "positive");
        Require(Retries >= 0, nameof(Retries), "0 or more");
        Require(MaxBytes >= 1, nameof(MaxBytes), "at least 1");
        Require(MaxBytesInFlight >= 1024 * 1024, nameof(MaxBytesInFlight), "at least 1 MiB (1048576)");
        Require(MaxConnectionsPerHost >= 1, nameof(MaxConnectionsPerHost), "at least 1");
        Require(MaxRedirects >= 0, nameof(MaxRedirects), "0 or more");
    }

    private static void Require(bool valid, string name, string expected)
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must be {expected}.");
        }
    }
}
