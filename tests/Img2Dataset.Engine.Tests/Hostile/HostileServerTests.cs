using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Policy;
using Img2Dataset.Engine.Tests.ImageServer;

namespace Img2Dataset.Engine.Tests.Hostile;

/// <summary>What a server nobody controls can send, one fault at a time, through the downloader.</summary>
public sealed class HostileServerTests(ImageServerFixture server) : IClassFixture<ImageServerFixture>
{
    private static readonly DownloadOptions Loopback = LoopbackDownloads.Options;

    public static readonly string[] Unfollowable =
    [
        "about:blank", "javascript:alert(1)", "data:image/png;base64,iVBORw0KGgo=", "file:///etc/passwd", "//", "C:\\images\\a.jpg",
        "ftp://127.0.0.1/a.jpg", "gopher://127.0.0.1/a", "ws://127.0.0.1/a", "ldap://127.0.0.1/a", "http://", "https:///a.jpg",
    ];

    public static TheoryData<string> UnfollowableLocations => new(Unfollowable);

    [Theory]
    [MemberData(nameof(UnfollowableLocations))]
    public async Task ARedirectToAnythingButAnAbsoluteHttpUrlFailsTheRow(string location)
    {
        var image = await Fetch(Loopback, $"images/8x8/1.jpg?location={Uri.EscapeDataString(location)}");

        Assert.Equal(SampleStatus.FailedToDownload, image.Status);
        Assert.StartsWith("Redirect to an unsupported location (only absolute http and https URLs with a host are followed)", image.ErrorMessage);
        Assert.Equal(302, image.HttpStatus);
    }

    [Fact]
    public async Task ARelativeRedirectIsFollowed()
    {
        var image = await Fetch(Loopback, $"images/8x8/1.jpg?location={Uri.EscapeDataString("/images/8x8/2.jpg")}");

        Assert.True(image.Succeeded, image.ErrorMessage);
    }

    [Fact]
    public async Task RedirectsBeyondTheLimitFailTheRow()
    {
        var image = await Fetch(Loopback with { Fetch = Loopback.Fetch with { MaxRedirects = 2 } }, "images/8x8/1.jpg?redirect=3");

        Assert.Equal("Redirect not followed: more than 2 hops", image.ErrorMessage);
    }

    [Theory]
    [InlineData("X-Robots-Tag:noai", OptOutSignal.XRobotsTag)]
    [InlineData("tdm-reservation:1", OptOutSignal.TdmReservation)]
    public async Task AnOptOutOnARedirectHopRefusesTheTarget(string header, OptOutSignal signal)
    {
        var image = await Fetch(Loopback, $"images/8x8/1.jpg?header={Uri.EscapeDataString(header)}&location={Uri.EscapeDataString("/images/8x8/3.jpg")}");

        Assert.Equal(SampleStatus.FailedToDownload, image.Status);
        Assert.Equal(signal, image.OptOut!.Signal);
        Assert.Equal(302, image.HttpStatus);
    }

    [Fact]
    public async Task AnEndlessBodyStopsAtTheCap()
    {
        var image = await Fetch(Loopback with { Fetch = Loopback.Fetch with { MaxBytes = 300_000 } }, "images/8x8/1.jpg?endless=1");

        Assert.Equal("response too large (more than 300000 bytes)", image.ErrorMessage);
    }

    [Fact]
    public async Task AContentLengthPastWhatAnArrayHoldsIsTooLargeNotAnOverflow()
    {
        var options = Loopback with { Fetch = Loopback.Fetch with { MaxBytes = 10L * 1024 * 1024 * 1024, MaxBytesInFlight = 8L * 1024 * 1024 * 1024 } };

        var image = await Fetch(options, "images/8x8/1.jpg?contentLength=3000000000");

        Assert.Equal(SampleStatus.FailedToDownload, image.Status);
        Assert.StartsWith("response too large (more than ", image.ErrorMessage);
    }

    [Fact]
    public async Task ABodyLargerThanTheWholeBudgetIsTooLarge()
    {
        var options = Loopback with { Fetch = Loopback.Fetch with { MaxBytesInFlight = 1024 * 1024 } };

        var image = await Fetch(options, "images/8x8/1.jpg?bodyBytes=2000000&chunked=1");

        Assert.Equal("response too large (more than 1048576 bytes)", image.ErrorMessage);
    }

    [Fact]
    public async Task BodiesWaitForRoomInTheBudgetAndAllArriveOnceItIsGivenBack()
    {
        var options = Loopback with { Fetch = Loopback.Fetch with { MaxBytesInFlight = 1024 * 1024, ThreadCount = 16 } };
        using var downloader = new ImageDownloader(options);
        var rows = Enumerable.Range(0, 40).Select(i => Row($"images/8x8/{i}.jpg?bodyBytes=300000")).ToList();

        var images = new List<DownloadedImage>();
        await foreach (var image in downloader.DownloadAsync(rows))
        {
            images.Add(image);
        }

        Assert.Equal(40, images.Count(i => i.Succeeded && i.Length == 300_000));
    }

    [Fact]
    public async Task ASlowTrickleIsCutByTheTimeout()
    {
        var options = Loopback with { Fetch = Loopback.Fetch with { Timeout = TimeSpan.FromMilliseconds(600) } };

        var image = await Fetch(options, "images/8x8/1.jpg?bodyBytes=100000&trickleMs=50");

        Assert.Equal("Timed out after 0.6 s", image.ErrorMessage);
    }

    [Fact]
    public async Task AnUntrustedCertificateFailsWithTheCertificatesOwnErrorAndIsAcceptedWhenAsked()
    {
        var url = server.SecureUrl("images/8x8/1.jpg");

        var refused = await Fetch(Loopback, url);
        var accepted = await Fetch(Loopback with { Fetch = Loopback.Fetch with { IgnoreSslCertificate = true } }, url);

        Assert.Contains("certificate", refused.ErrorMessage, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("see inner exception", refused.ErrorMessage, StringComparison.Ordinal);
        Assert.True(accepted.Succeeded, accepted.ErrorMessage);
    }

    private Task<DownloadedImage> Fetch(DownloadOptions options, string pathAndQuery) => Fetch(options, server.Url(pathAndQuery));

    private static async Task<DownloadedImage> Fetch(DownloadOptions options, Uri url)
    {
        using var client = HttpClientFactory.Create(options.Fetch);
        return await new ImageFetcher(client, options).FetchAsync(Row(url), CancellationToken.None);
    }

    private UrlRow Row(string pathAndQuery) => Row(server.Url(pathAndQuery));

    private static UrlRow Row(Uri url) => new()
    {
        Key = "0", ShardId = 0, Index = 0, Url = url.ToString(), Layout = new UrlListLayout(10, 5, false, []),
        SourceFile = "test", SourceLine = 1,
    };
}
