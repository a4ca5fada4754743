using System.Net.Sockets;
using System.Text;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Policy;
using Img2Dataset.Engine.Tests.ImageServer;

namespace Img2Dataset.Engine.Tests.Hostile;

/// <summary>
/// Site files (robots.txt, tdmrep.json) are hostile input like any image: patterns built to backtrack, bodies that do
/// not decode, bytes that are not UTF-8, and large files over thousands of hosts. None may hang a job, fail the
/// images of a site, or grow the job's memory with the number of hosts.
/// </summary>
[Collection(MemoryMeasurements.Name)]
public sealed class HostileSiteFileTests(ImageServerFixture server) : IClassFixture<ImageServerFixture>, IAsyncLifetime
{
    /// <summary>"/" then 4,000 times "*a", then "*b": as a backtracking regular expression, against a path of a's with no b, it would never end.</summary>
    private static readonly string Backtracking = "/" + string.Concat(Enumerable.Repeat("*a", 4000)) + "*b";

    private static readonly string LongPath = "images/8x8/1.jpg?pad=" + new string('a', 6000);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await server.PutControlAsync("robots", "");
        await server.PutControlAsync("tdmrep", "");
    }

    [Fact(Timeout = 60_000)]
    public async Task ARobotsTxtPatternBuiltToBacktrackIsDecided()
    {
        await server.PutControlAsync("robots", $"User-agent: *\nDisallow: {Backtracking}\nDisallow: /images/8x8/1.jpg?pad=a*a$\n");
        var options = LoopbackDownloads.Options with { OptOut = new OptOutPolicy { RespectRobotsTxt = true } };

        var image = await FetchAsync(options, LongPath);

        Assert.Equal(OptOutSignal.RobotsTxt, image.OptOut?.Signal);
        Assert.Equal(["line 3: Disallow: /images/8x8/1.jpg?pad=a*a$"], image.OptOut!.MatchedDirectives);
    }

    [Fact(Timeout = 60_000)]
    public async Task ATdmRepLocationBuiltToBacktrackIsDecided()
    {
        await server.PutControlAsync("tdmrep", $$"""[{"location": "{{Backtracking}}", "tdm-reservation": 1}, {"location": "/images/*a$", "tdm-reservation": 1}]""");

        var image = await FetchAsync(LoopbackDownloads.Options, LongPath);

        Assert.Equal(OptOutSignal.TdmRepFile, image.OptOut?.Signal);
        Assert.Equal(["location \"/images/*a$\": tdm-reservation 1"], image.OptOut!.MatchedDirectives);
    }

    [Theory]
    [InlineData("/a/b", "/a/b/c", true)]
    [InlineData("/a/*/c", "/a/x/y/c/d", true)]
    [InlineData("/a/*c$", "/a/bc/c", true)]
    [InlineData("/a/*c$", "/a/bc/d", false)]
    [InlineData("/*a*a*b", "/aaab", true)]
    [InlineData("/*a*a*b", "/ab", false)]
    [InlineData("/*ab*ab$", "/abab", true)]
    [InlineData("/*ab*ab$", "/ab", false)]
    [InlineData("/*aa*$", "/aaa", true)]
    [InlineData("/x*$", "/x", true)]
    [InlineData("*", "/anything", true)]
    [InlineData("/$", "/", true)]
    [InlineData("/$", "/a", false)]
    public void TheMatcherWithoutBacktrackingMatchesAsRfc9309Says(string pattern, string path, bool matches) =>
        Assert.Equal(matches, new RobotsPattern(pattern).Matches(path));

    [Fact]
    public async Task ATdmRepFileThatIsNotUtf8WarnsAndFailsNoImage()
    {
        var bytes = Encoding.UTF8.GetBytes("""[{"location": "/X", "tdm-reservation": 1}]""");
        bytes[15] = 0xFF;
        await server.PutControlAsync("tdmrep", bytes);
        var warnings = new List<string>();

        var image = await FetchAsync(LoopbackDownloads.Options, "images/8x8/2.jpg", warnings.Add);

        Assert.True(image.Succeeded, image.ErrorMessage);
        Assert.Contains("is malformed (not UTF-8)", Assert.Single(warnings));
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task ASiteFileWhoseEncodingDoesNotDecodeIsUnreadableNotAnImageFailure(string encoding)
    {
        await server.PutControlAsync("tdmrep", """[{"location": "/", "tdm-reservation": 1}]""", $"encoding={encoding}&mislabelled=1");
        await server.PutControlAsync("robots", "User-agent: *\nContent-Usage: train-ai=n\n", $"encoding={encoding}&mislabelled=1");
        // Both files are fetched at once, so the warnings come from two threads.
        var warnings = new System.Collections.Concurrent.ConcurrentQueue<string>();

        var image = await FetchAsync(LoopbackDownloads.Options, "images/8x8/3.jpg", warnings.Enqueue);

        Assert.True(image.Succeeded, image.ErrorMessage);
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("could not be read (unreadable: ", w));
    }

    [Fact]
    public async Task AnUnreadableRobotsTxtIsUnreachableUnderRespectRobotsTxt()
    {
        await server.PutControlAsync("robots", "User-agent: *\nAllow: /\n", "encoding=br&mislabelled=1");
        var options = LoopbackDownloads.Options with { OptOut = new OptOutPolicy { RespectRobotsTxt = true } };

        var image = await FetchAsync(options, "images/8x8/4.jpg");

        Assert.Equal(OptOutSignal.RobotsTxtUnreachable, image.OptOut?.Signal);
        Assert.StartsWith("robots.txt unreachable: unreadable: ", Assert.Single(image.OptOut!.MatchedDirectives));
    }

    [Fact]
    public async Task ThousandsOfHostsWithLargeRobotsTxtFilesStayWithinTheCachesBudget()
    {
        await server.PutControlAsync("robots", LargeRobotsTxt());
        const long budget = 16L * 1024 * 1024;
        using var client = AnyHostToTheServer();
        var cache = new RobotsTxtCache(client, "img2dataset", TimeSpan.FromSeconds(20), byteBudget: budget);

        for (var host = 0; host < 2_000; host += 8)
        {
            var files = await Task.WhenAll(Enumerable.Range(host, 8).Select(h => cache.GetAsync(HostUrl(h), CancellationToken.None)));
            Assert.All(files, file => Assert.False(file.IsAllowed("/private/area/11999/x.jpg", "img2dataset")));
            Assert.InRange(cache.HeldBytes, 1, budget);
        }
    }

    [Fact]
    public void AParsedRobotsTxtEstimatesWhatItHolds()
    {
        // The caches are bounded by these estimates, so they must be what the files really hold, within a factor of two.
        var text = LargeRobotsTxt();
        var before = Retained();
        var files = Enumerable.Range(0, 20).Select(_ => RobotsTxt.Parse(text).Keep(["img2dataset"])).ToList();
        var held = (Retained() - before) / files.Count;

        Assert.InRange(files[0].ApproximateBytes, held / 2, held * 2);
        Assert.InRange(files[0].ApproximateBytes, 600_000, 4_000_000);
        GC.KeepAlive(files);
    }

    /// <summary>A 400 KB file: other crawlers' groups (which are dropped), then 12,000 rules for every agent (kept).</summary>
    private static string LargeRobotsTxt()
    {
        var file = new StringBuilder();
        for (var agent = 0; agent < 200; agent++)
        {
            file.Append($"User-agent: crawler{agent}\nDisallow: /only/for/crawler/{agent}/\n");
        }
        file.Append("User-agent: *\n");
        for (var rule = 0; rule < 12_000; rule++)
        {
            file.Append($"Disallow: /private/area/{rule}/\n");
        }
        return file.ToString();
    }

    private Uri HostUrl(int host) => new($"http://host{host}.example:{server.BaseAddress.Port}/images/8x8/1.jpg");

    /// <summary>A client that takes every host name to the loopback server, so thousands of origins can be had on one machine.</summary>
    private HttpClient AnyHostToTheServer() => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    });

    private static long Retained()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private async Task<DownloadedImage> FetchAsync(DownloadOptions options, string pathAndQuery, Action<string>? warn = null)
    {
        using var client = HttpClientFactory.Create(options.Fetch);
        return await new ImageFetcher(client, options, warn: warn).FetchAsync(new PlainUrlRows().Next(server.Url(pathAndQuery).AbsoluteUri), CancellationToken.None);
    }
}
