using System.Net;
using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Img2Dataset.Engine.Tests.ImageServer;

public sealed class ImageServerTests(ImageServerFixture server) : IClassFixture<ImageServerFixture>
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { AllowAutoRedirect = false });

    [Theory]
    [InlineData("images/320x240/1.jpg", "image/jpeg", 320, 240)]
    [InlineData("images/100x300/2.png", "image/png", 100, 300)]
    [InlineData("images/64x48/3.webp", "image/webp", 64, 48)]
    [InlineData("images/50x50/4.gif", "image/gif", 50, 50)]
    public async Task ServesDecodableImagesOfTheAskedSize(string path, string contentType, int width, int height)
    {
        using var response = await Client.GetAsync(server.Url(path));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        var info = Image.Identify(bytes);
        Assert.Equal((width, height), (info.Width, info.Height));
    }

    [Fact]
    public async Task ImagesAreDeterministicAndLookLikePhotographs()
    {
        var first = await Client.GetByteArrayAsync(server.Url("images/512x384/7.jpg"));
        var again = await Client.GetByteArrayAsync(server.Url("images/512x384/7.jpg"));
        var otherSeed = await Client.GetByteArrayAsync(server.Url("images/512x384/8.jpg"));

        Assert.Equal(first, again);
        Assert.NotEqual(first, otherSeed);
        // Noise and gradients keep a 512×384 JPEG at q90 far above what flat colour compresses to (~5 KB).
        Assert.InRange(first.Length, 40_000, 200_000);
    }

    [Fact]
    public async Task AlphaAndGrayVariantsHaveThoseChannels()
    {
        using var alpha = Image.Load<Rgba32>(await Client.GetByteArrayAsync(server.Url("images/40x40/1.png?variant=alpha")));
        using var gray = Image.Load<Rgb24>(await Client.GetByteArrayAsync(server.Url("images/40x40/1.png?variant=gray")));

        Assert.True(alpha[39, 39].A < 255);
        var pixel = gray[10, 10];
        Assert.True(pixel.R == pixel.G && pixel.G == pixel.B);
    }

    [Fact]
    public async Task BrokenBodiesAreNotImages()
    {
        var truncated = await Client.GetByteArrayAsync(server.Url("broken/truncated.jpg"));
        var whole = await Client.GetByteArrayAsync(server.Url("images/320x240/1.jpg"));
        using var html = await Client.GetAsync(server.Url("broken/html.jpg"));
        var empty = await Client.GetByteArrayAsync(server.Url("broken/empty.jpg"));

        Assert.Equal(whole[..(whole.Length / 2)], truncated);
        Assert.NotEqual([0xFF, 0xD9], truncated[^2..]);
        Assert.Equal("image/jpeg", html.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", await html.Content.ReadAsStringAsync());
        Assert.Empty(empty);
    }

    [Fact]
    public async Task HeadersAreAddedAsAskedIncludingRepeats()
    {
        using var response = await Client.GetAsync(server.Url(
            "images/8x8/1.jpg?header=X-Robots-Tag:noai&header=X-Robots-Tag:otherbot:%20noindex&header=tdm-reservation:1"));

        Assert.Equal(["noai", "otherbot: noindex"], response.Headers.GetValues("X-Robots-Tag"));
        Assert.Equal(["1"], response.Headers.GetValues("tdm-reservation"));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(500)]
    public async Task StatusCodesAreReturned(int status)
    {
        using var response = await Client.GetAsync(server.Url($"images/8x8/1.jpg?status={status}"));
        Assert.Equal(status, (int)response.StatusCode);
    }

    [Fact]
    public async Task FailFirstFailsOnlyTheFirstRequestsWithRetryAfter()
    {
        var url = server.Url($"images/8x8/1.jpg?status=429&retryAfter=2&failFirst=1&id={Guid.NewGuid()}");
        using var first = await Client.GetAsync(url);
        using var second = await Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), first.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task RedirectsCountDownToTheImage()
    {
        var url = server.Url("images/8x8/1.jpg?redirect=2");
        var hops = 0;
        HttpResponseMessage response;
        while ((response = await Client.GetAsync(url)).StatusCode == HttpStatusCode.Found)
        {
            hops++;
            url = new Uri(url, response.Headers.Location!);
            response.Dispose();
        }

        Assert.Equal(2, hops);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        response.Dispose();
    }

    [Fact]
    public async Task DelayHoldsBackTheResponse()
    {
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(200) };
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.GetAsync(server.Url("images/8x8/1.jpg?delayMs=3000")));
    }

    [Fact]
    public async Task BodyDelaySendsHeadersThenStalls()
    {
        using var response = await Client.GetAsync(server.Url("images/64x64/1.png?bodyDelayMs=3000"), HttpCompletionOption.ResponseHeadersRead);
        using var body = await response.Content.ReadAsStreamAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => body.CopyToAsync(Stream.Null, patience.Token));
    }

    [Fact]
    public async Task DropClosesTheConnectionWithoutAResponse()
    {
        await Assert.ThrowsAsync<HttpRequestException>(() => Client.GetAsync(server.Url("images/8x8/1.jpg?drop=1")));
    }

    [Fact]
    public async Task PeakConcurrencyIsRecordedPerGroup()
    {
        var group = Guid.NewGuid().ToString("N");
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Client.GetAsync(server.Url($"images/8x8/{i}.jpg?delayMs=300&group={group}"))));

        var stats = JsonDocument.Parse(await Client.GetStringAsync(server.Url($"_control/peak?group={group}"))).RootElement;

        Assert.Equal(4, stats.GetProperty("requests").GetInt32());
        Assert.Equal(4, stats.GetProperty("peak").GetInt32());
    }

    [Fact]
    public async Task UnknownPathsAre404()
    {
        using var response = await Client.GetAsync(server.Url("images/0x10/1.jpg"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
