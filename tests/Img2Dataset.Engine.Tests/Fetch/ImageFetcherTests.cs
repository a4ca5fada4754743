using System.Text.Json;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Policy;
using Img2Dataset.Engine.Tests.ImageServer;

namespace Img2Dataset.Engine.Tests.Fetch;

public sealed class ImageFetcherTests(ImageServerFixture server) : IClassFixture<ImageServerFixture>
{
    private static readonly DownloadOptions Loopback = LoopbackDownloads.Options;

    [Fact]
    public async Task DownloadsTheBytesAndHashesThem()
    {
        var expected = await new HttpClient().GetByteArrayAsync(server.Url("images/128x96/5.jpg"));

        var image = await Fetch(Loopback, "images/128x96/5.jpg");

        Assert.Equal(SampleStatus.Success, image.Status);
        Assert.Null(image.ErrorMessage);
        Assert.Equal(expected, image.Bytes);
        Assert.Equal(200, image.HttpStatus);
        Assert.Equal("image/jpeg", image.ContentType);
        Assert.Equal(HashKind.Sha256, image.HashKind);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(expected)).ToLowerInvariant(), image.Hash);
        Assert.Equal(1, image.Attempts);
    }

    [Theory]
    [InlineData(HashKind.Md5, "md5")]
    [InlineData(HashKind.Sha256, "sha256")]
    [InlineData(HashKind.Sha512, "sha512")]
    public async Task HashesMatchTheReferenceFixture(HashKind kind, string name)
    {
        var hashes = JsonDocument.Parse(File.ReadAllText(ReferenceFixtures.File("test_files/hashes.json"))).RootElement;

        var image = await Fetch(Loopback with { ComputeHash = kind }, "fixtures/reference/blur_test_files/original.png");

        Assert.Equal(hashes.GetProperty(name).GetString(), image.Hash);
    }

    [Fact]
    public async Task NoHashWhenNoneIsAsked() => Assert.Null((await Fetch(Loopback with { ComputeHash = HashKind.None }, "images/8x8/1.jpg")).Hash);

    [Fact]
    public async Task VerifiesTheExpectedHash()
    {
        var good = await Fetch(Loopback with { ComputeHash = HashKind.Md5 }, "images/8x8/1.jpg");
        var verify = Loopback with { ComputeHash = HashKind.Md5, VerifyHash = true };

        var match = await Fetch(verify, "images/8x8/1.jpg", expectedHash: good.Hash!.ToUpperInvariant());
        var mismatch = await Fetch(verify, "images/8x8/1.jpg", expectedHash: new string('0', 32));
        var missing = await Fetch(verify, "images/8x8/1.jpg", expectedHash: null);
        var txtRow = await Fetch(verify, "images/8x8/1.jpg", expectedHash: null, hashColumn: false);

        Assert.True(match.Succeeded);
        Assert.Equal((SampleStatus.FailedToDownload, "hash mismatch"), (mismatch.Status, mismatch.ErrorMessage));
        Assert.Null(mismatch.Bytes);
        Assert.Equal("hash mismatch", missing.ErrorMessage);
        // A txt list's row has no hash to compare (the reference does not verify those): it is kept, with its hash.
        Assert.True(txtRow.Succeeded);
        Assert.Equal(good.Hash, txtRow.Hash);
    }

    [Fact]
    public void VerifyingWithoutAHashIsRefused() =>
        Assert.Throws<ArgumentException>(() => new ImageFetcher(new HttpClient(), Loopback with { ComputeHash = HashKind.None, VerifyHash = true }));

    [Theory]
    [InlineData(404, "HTTP Error 404: Not Found")]
    [InlineData(500, "HTTP Error 500: Internal Server Error")]
    public async Task HttpErrorsFailTheRow(int status, string message)
    {
        var image = await Fetch(Loopback, $"images/8x8/1.jpg?status={status}");
        Assert.Equal((SampleStatus.FailedToDownload, message, status), (image.Status, image.ErrorMessage, image.HttpStatus));
    }

    [Fact]
    public async Task A404IsNotRetried() =>
        Assert.Equal(1, (await Fetch(Loopback with { Fetch = Loopback.Fetch with { Retries = 3 } }, "images/8x8/1.jpg?status=404")).Attempts);

    [Fact]
    public async Task A500IsRetriedWithBackOff()
    {
        var image = await Fetch(Loopback with { Fetch = Loopback.Fetch with { Retries = 2 } }, $"images/8x8/1.jpg?status=500&failFirst=2&id={Guid.NewGuid()}");
        Assert.True(image.Succeeded);
        Assert.Equal(3, image.Attempts);
    }

    [Fact]
    public async Task A429WithRetryAfterIsRetriedAfterTheWait()
    {
        var image = await Fetch(Loopback with { Fetch = Loopback.Fetch with { Retries = 1 } }, $"images/8x8/1.jpg?status=429&retryAfter=1&failFirst=1&id={Guid.NewGuid()}");
        Assert.True(image.Succeeded);
        Assert.Equal(2, image.Attempts);
    }

    [Fact]
    public async Task ARetryAfterBeyondTheTimeoutIsNotWaitedFor()
    {
        var image = await Fetch(Loopback with { Fetch = Loopback.Fetch with { Retries = 3 } }, $"images/8x8/1.jpg?status=503&retryAfter=60&id={Guid.NewGuid()}");
        Assert.Equal("HTTP Error 503: Service Unavailable (Retry-After 60 s exceeds the 5 s timeout)", image.ErrorMessage);
        Assert.Equal(1, image.Attempts);
    }

    [Fact]
    public async Task RetriesGiveUpWithTheLastError()
    {
        var image = await Fetch(Loopback with { Fetch = Loopback.Fetch with { Retries = 2 } }, "images/8x8/1.jpg?status=500");
        Assert.Equal(("HTTP Error 500: Internal Server Error", 3), (image.ErrorMessage, image.Attempts));
    }

    [Fact]
    public async Task RedirectsAreFollowedUpToFiveHops()
    {
        Assert.True((await Fetch(Loopback, "images/8x8/1.jpg?redirect=5")).Succeeded);
        var tooMany = await Fetch(Loopback, "images/8x8/1.jpg?redirect=6");
        Assert.StartsWith("Redirect not followed: more than 5 hops", tooMany.ErrorMessage);
    }

    [Fact]
    public async Task TheTimeoutCoversASlowResponse()
    {
        var image = await Fetch(Loopback with { Fetch = Loopback.Fetch with { Timeout = TimeSpan.FromMilliseconds(400) } }, "images/8x8/1.jpg?delayMs=5000");
        Assert.Equal("Timed out after 0.4 s", image.ErrorMessage);
    }

    [Fact]
    public async Task TheTimeoutCoversASlowBody()
    {
        var image = await Fetch(Loopback with { Fetch = Loopback.Fetch with { Timeout = TimeSpan.FromMilliseconds(400) } }, "images/256x256/1.png?bodyDelayMs=5000");
        Assert.Equal("Timed out after 0.4 s", image.ErrorMessage);
    }

    [Fact]
    public async Task ADroppedConnectionFailsTheRow()
    {
        var image = await Fetch(Loopback, "images/8x8/1.jpg?drop=1");
        Assert.Equal(SampleStatus.FailedToDownload, image.Status);
        Assert.False(string.IsNullOrWhiteSpace(image.ErrorMessage));
    }

    [Fact]
    public async Task ATooLargeResponseIsRefused()
    {
        var image = await Fetch(Loopback with { Fetch = Loopback.Fetch with { MaxBytes = 1000 } }, "images/256x256/1.jpg");
        Assert.Equal("response too large (more than 1000 bytes)", image.ErrorMessage);
        Assert.Null(image.Bytes);
    }

    [Theory]
    [InlineData("header=X-Robots-Tag:noai", OptOutDecision.XRobotsTagMessage, "noai")]
    [InlineData("header=X-Robots-Tag:noimageai", OptOutDecision.XRobotsTagMessage, "noimageai")]
    [InlineData("header=X-Robots-Tag:noindex", OptOutDecision.XRobotsTagMessage, "noindex")]
    [InlineData("header=X-Robots-Tag:noimageindex", OptOutDecision.XRobotsTagMessage, "noimageindex")]
    [InlineData("header=X-Robots-Tag:img2dataset:%20noai", OptOutDecision.XRobotsTagMessage, "img2dataset: noai")]
    [InlineData("header=tdm-reservation:1", OptOutDecision.TdmReservationMessage, "tdm-reservation: 1")]
    public async Task OptOutsRefuseTheImageBeforeItsBodyIsRead(string header, string message, string directive)
    {
        // The body stalls far beyond the timeout: only a refusal made on the headers alone can come back in time.
        var options = Loopback with { Fetch = Loopback.Fetch with { Timeout = TimeSpan.FromSeconds(2), Retries = 2 } };

        var image = await Fetch(options, $"images/256x256/1.png?bodyDelayMs=10000&{header}");

        Assert.Equal((SampleStatus.FailedToDownload, message), (image.Status, image.ErrorMessage));
        Assert.Equal([directive], image.OptOut!.MatchedDirectives);
        Assert.Null(image.Bytes);
        Assert.Equal(1, image.Attempts);
    }

    [Fact]
    public async Task AScopedGroupForAnotherAgentDoesNotRefuse() =>
        Assert.True((await Fetch(Loopback, "images/8x8/1.jpg?header=X-Robots-Tag:otherbot:%20noai")).Succeeded);

    [Fact]
    public async Task RobotsTxtIsObeyedWhenAsked()
    {
        await using var own = new ImageServerFixture();
        await own.InitializeAsync();
        using (var control = new HttpClient())
        {
            (await control.PutAsync(own.Url("_control/robots"), new StringContent("User-agent: img2dataset\nDisallow: /images/\n"))).EnsureSuccessStatusCode();
        }
        using var client = HttpClientFactory.Create(Loopback.Fetch);
        var fetcher = new ImageFetcher(client, Loopback with { OptOut = new OptOutPolicy { RespectRobotsTxt = true } });

        var image = await fetcher.FetchAsync(Row(own.Url("images/8x8/1.jpg").ToString()), CancellationToken.None);

        Assert.Equal(OptOutDecision.RobotsTxtMessage, image.ErrorMessage);
    }

    [Fact]
    public async Task PrivateAddressesAreRefusedByDefault()
    {
        var image = await Fetch(Loopback with { Fetch = Loopback.Fetch with { AllowPrivateNetwork = false } }, "images/8x8/1.jpg");
        Assert.StartsWith("Refused to connect to 127.0.0.1", image.ErrorMessage);
    }

    [Fact]
    public async Task AHostNameThatResolvesToLoopbackIsRefusedToo()
    {
        var url = $"http://localhost:{server.BaseAddress.Port}/images/8x8/1.jpg";
        using var client = HttpClientFactory.Create(new FetchOptions());
        var image = await new ImageFetcher(client, Loopback with { Fetch = new FetchOptions() }).FetchAsync(Row(url), CancellationToken.None);
        Assert.StartsWith("Refused to connect to localhost", image.ErrorMessage);
    }

    [Theory]
    [InlineData("ftp://example.com/a.jpg")]
    [InlineData("file:///etc/passwd")]
    [InlineData("not a url")]
    public async Task OnlyHttpAndHttpsAreFetched(string url)
    {
        using var client = HttpClientFactory.Create(Loopback.Fetch);
        var image = await new ImageFetcher(client, Loopback).FetchAsync(Row(url), CancellationToken.None);
        Assert.StartsWith("unsupported url", image.ErrorMessage);
    }

    [Fact]
    public async Task ARowWithAnInputErrorFailsWithThatError()
    {
        using var client = HttpClientFactory.Create(Loopback.Fetch);
        var row = new UrlRow { Key = "000000000", ShardId = 0, Index = 0, Url = "", SourceFile = "a.csv", SourceLine = 2, InputError = "a.csv, line 2: empty url in column 'url'" };
        var image = await new ImageFetcher(client, Loopback).FetchAsync(row, CancellationToken.None);
        Assert.Equal((SampleStatus.FailedToDownload, row.InputError), (image.Status, image.ErrorMessage));
    }

    [Fact]
    public async Task AConnectionClosedBeforeAnyAnswerIsAskedAgainOnceOnANewConnectionWithoutCountingAsARetry()
    {
        var once = await Fetch(Loopback, $"images/8x8/1.jpg?dropFirst=1&n={Guid.NewGuid():N}");
        var twice = await Fetch(Loopback, $"images/8x8/1.jpg?dropFirst=2&n={Guid.NewGuid():N}");
        var twiceWithARetry = await Fetch(Loopback with { Fetch = Loopback.Fetch with { Retries = 1 } }, $"images/8x8/1.jpg?dropFirst=2&n={Guid.NewGuid():N}");

        Assert.Equal((SampleStatus.Success, 1), (once.Status, once.Attempts));
        Assert.Equal(SampleStatus.FailedToDownload, twice.Status);
        Assert.StartsWith("The server closed the connection before answering (", twice.ErrorMessage);
        Assert.Equal((SampleStatus.Success, 2), (twiceWithARetry.Status, twiceWithARetry.Attempts));
    }

    private async Task<DownloadedImage> Fetch(DownloadOptions options, string path, string? expectedHash = null, bool hashColumn = true)
    {
        using var client = HttpClientFactory.Create(options.Fetch);
        var row = Row(server.Url(path).ToString(), expectedHash) with { Layout = UrlListLayout.Default with { HasExpectedHash = hashColumn } };
        return await new ImageFetcher(client, options).FetchAsync(row, CancellationToken.None);
    }

    internal static UrlRow Row(string url, string? expectedHash = null) => new()
    {
        Key = "000000000",
        ShardId = 0,
        Index = 0,
        Url = url,
        ExpectedHash = expectedHash,
        SourceFile = "test",
        SourceLine = 1,
    };
}
