using System.Net.Http.Json;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Policy;
using Img2Dataset.Engine.Tests.ImageServer;

namespace Img2Dataset.Engine.Tests.Hostile;

/// <summary>
/// Refusing an image must cost its creator no bytes: the client reads the headers, refuses, and closes the
/// connection instead of draining the body (the handler drained up to 1 MB by default). The server counts the body
/// bytes it handed to the connection. A body sent as fast as loopback allows lands in the operating system's socket
/// buffers before any client could close, so the bodies here come paced, 64 KB every 20 ms: a client that drains
/// takes all of them, one that closes takes one or two.
/// </summary>
public sealed class RefusalCostTests(ImageServerFixture server) : IClassFixture<ImageServerFixture>
{
    private static readonly DownloadOptions Loopback = LoopbackDownloads.Options;

    private const string Paced = "&trickleMs=20&pieceBytes=65536";
    private const int NineHundredKilobytes = 900_000;

    [Theory]
    [InlineData("X-Robots-Tag:noai", "")]
    [InlineData("X-Robots-Tag:noai", "&chunked=1")]
    [InlineData("tdm-reservation:1", "")]
    [InlineData("tdm-reservation:1", "&chunked=1")]
    public async Task ARefusedBodyIsNotRead(string header, string delivery)
    {
        var group = Guid.NewGuid().ToString("N");
        var url = server.Url($"images/8x8/1.jpg?bodyBytes={NineHundredKilobytes}&header={Uri.EscapeDataString(header)}{delivery}{Paced}&group={group}");
        using var client = HttpClientFactory.Create(Loopback.Fetch);

        var image = await new ImageFetcher(client, Loopback).FetchAsync(new PlainUrlRows().Next(url.AbsoluteUri), CancellationToken.None);

        Assert.False(image.OptOut!.Allowed);
        var sent = await SentAsync(group);
        Console.WriteLine($"refused 900 KB paced body ({header}{delivery}): server handed {sent:N0} bytes to the connection");
        Assert.InRange(sent, 0, 3 * 65536);
    }

    [Fact]
    public async Task TheAuditorsRangedGetStopsAfterTheHeadersWhenTheRangeIsIgnored()
    {
        var group = Guid.NewGuid().ToString("N");
        var url = server.Url($"images/8x8/1.jpg?bodyBytes={NineHundredKilobytes}&refuseHead=1{Paced}&group={group}").AbsoluteUri;
        using var client = HttpClientFactory.Create(Loopback.Fetch);
        var auditor = new OptOutAuditor(client, new OptOutEvaluator(new OptOutPolicy()), null, TimeSpan.FromSeconds(5), 5);

        var verdict = await auditor.AuditAsync(url, CancellationToken.None);

        Assert.Equal(("GET", 200), (verdict.Method, verdict.StatusCode));
        var sent = await SentAsync(group);
        Console.WriteLine($"audited 900 KB paced body through a ranged GET the server ignored: server handed {sent:N0} bytes to the connection");
        Assert.InRange(sent, 0, 3 * 65536);
    }

    /// <summary>The server's count once it settles: it keeps writing until the closed connection fails its write.</summary>
    private async Task<long> SentAsync(string group)
    {
        using var client = new HttpClient();
        long previous = -1, sent = 0;
        for (var i = 0; i < 20 && sent != previous; i++)
        {
            await Task.Delay(100);
            previous = sent;
            sent = (await client.GetFromJsonAsync<Sent>(server.Url($"_control/sent?group={group}")))!.Bytes;
        }
        return sent;
    }

    private sealed record Sent(long Bytes);
}
