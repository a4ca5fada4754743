using Img2Dataset.Engine.Fetch;

namespace Img2Dataset.Engine.Tests.ImageServer;

/// <summary>Download options for the loopback image server: private addresses allowed, short timeout and back-off.</summary>
internal static class LoopbackDownloads
{
    public static DownloadOptions Options { get; } = new()
    {
        Fetch = new FetchOptions { AllowPrivateNetwork = true, Timeout = TimeSpan.FromSeconds(5) },
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
    };
}
