using System.Collections.Concurrent;
using System.Text.Json;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Policy;
using Img2Dataset.Engine.Tests.ImageServer;

namespace Img2Dataset.Engine.Tests.Policy;

/// <summary>
/// Every consent signal through the downloader and the auditor, against the loopback server: tdmrep.json, the
/// Content-Usage header and robots.txt rule, robots.txt Content-Signal, and the signals embedded in images.
/// </summary>
public sealed class ConsentSignalTests : IAsyncLifetime
{
    private readonly ImageServerFixture server = new();
    private readonly HttpClient client = HttpClientFactory.Create(new FetchOptions { AllowPrivateNetwork = true });
    private readonly ConcurrentQueue<string> warnings = new();

    public Task InitializeAsync() => server.InitializeAsync();

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task ATdmRepFileReservationRefusesWithTheRuleThePolicyAndTheFile()
    {
        await server.PutControlAsync("tdmrep", """[{"location": "/images/64x64/", "tdm-reservation": 1, "tdm-policy": "https://example.com/policy.json"}, {"location": "/", "tdm-reservation": 0}]""");

        var refused = await Fetch("images/64x64/1.jpg");
        var allowed = await Fetch("images/32x32/1.jpg");

        Assert.Equal(OptOutDecision.TdmRepFileMessage, refused.ErrorMessage);
        Assert.Null(refused.Bytes);
        var optOut = JsonDocument.Parse(refused.OptOut!.ToMetadata()!).RootElement;
        Assert.Equal("TdmRepFile", optOut.GetProperty("signal").GetString());
        Assert.Equal("location \"/images/64x64/\": tdm-reservation 1", optOut.GetProperty("matched")[0].GetString());
        Assert.Equal(server.Url(".well-known/tdmrep.json").AbsoluteUri, optOut.GetProperty("source").GetString());
        Assert.Equal("https://example.com/policy.json", optOut.GetProperty("tdm_policy").GetString());
        Assert.True(allowed.Succeeded);
    }

    [Fact]
    public async Task AResponsesTdmHeaderWinsOverTheFile()
    {
        await server.PutControlAsync("tdmrep", """[{"location": "/", "tdm-reservation": 1}]""");

        Assert.True((await Fetch("images/8x8/1.jpg?header=tdm-reservation:0")).Succeeded);
        Assert.Equal(OptOutSignal.TdmReservation, (await Fetch("images/8x8/2.jpg?header=tdm-reservation:1")).OptOut!.Signal);
        Assert.Equal(OptOutSignal.TdmRepFile, (await Fetch("images/8x8/3.jpg?header=tdm-reservation:maybe")).OptOut!.Signal);
    }

    [Fact]
    public async Task TheFileIsReadOncePerOriginForTheRun()
    {
        await server.PutControlAsync("tdmrep", """[{"location": "/", "tdm-reservation": 1}]""");
        var fetcher = Fetcher(LoopbackDownloads.Options);
        Assert.False((await fetcher.FetchAsync(Row("images/8x8/1.jpg"), CancellationToken.None)).Succeeded);

        await server.PutControlAsync("tdmrep", "");

        Assert.False((await fetcher.FetchAsync(Row("images/8x8/2.jpg"), CancellationToken.None)).Succeeded);
        Assert.True((await Fetch("images/8x8/2.jpg")).Succeeded);
    }

    [Fact]
    public async Task ADownloadOfManyImagesCostsOneRequestPerSiteFile()
    {
        await server.PutControlAsync("tdmrep", """[{"location": "/nothing/", "tdm-reservation": 1}]""");
        await server.PutControlAsync("robots", "User-agent: *\nContent-Usage: /nothing/ train-ai=n\n");
        var before = (await Hits("/robots.txt"), await Hits("/.well-known/tdmrep.json"));
        using var downloader = new ImageDownloader(LoopbackDownloads.Options);
        var rows = new PlainUrlRows();

        var succeeded = 0;
        await foreach (var image in downloader.DownloadAsync(Enumerable.Range(0, 40).Select(i => rows.Next(server.Url($"images/8x8/{i}.jpg").AbsoluteUri))))
        {
            succeeded += image.Succeeded ? 1 : 0;
        }

        Assert.Equal(40, succeeded);
        Assert.Equal((before.Item1 + 1, before.Item2 + 1), (await Hits("/robots.txt"), await Hits("/.well-known/tdmrep.json")));
    }

    [Theory]
    [InlineData("not json", "malformed (not JSON")]
    [InlineData("""{"location": "/", "tdm-reservation": 1}""", "malformed (expected an array of rules")]
    public async Task AMalformedFileReservesNothingAndWarnsOnce(string json, string warning)
    {
        await server.PutControlAsync("tdmrep", json);
        var fetcher = Fetcher(LoopbackDownloads.Options);

        Assert.True((await fetcher.FetchAsync(Row("images/8x8/1.jpg"), CancellationToken.None)).Succeeded);
        Assert.True((await fetcher.FetchAsync(Row("images/8x8/2.jpg"), CancellationToken.None)).Succeeded);

        Assert.Contains(warning, Assert.Single(warnings));
        Assert.Contains(server.Url(".well-known/tdmrep.json").AbsoluteUri, warnings.Single());
    }

    [Theory]
    [InlineData(404)]
    [InlineData(500)]
    public async Task NoFileMeansNoReservation(int status)
    {
        await server.PutControlAsync("tdmrep", """[{"location": "/", "tdm-reservation": 1}]""", $"status={status}");

        Assert.True((await Fetch("images/8x8/1.jpg")).Succeeded);
        Assert.Empty(warnings);
    }

    [Fact]
    public async Task AFileOverTheCapIsIgnoredWithAWarning()
    {
        var rules = string.Join(",", Enumerable.Repeat("""{"location": "/nothing/", "tdm-reservation": 0}""", 2000));
        await server.PutControlAsync("tdmrep", $$"""[{{rules}}, {"location": "/", "tdm-reservation": 1}]""");

        Assert.True((await Fetch("images/8x8/1.jpg")).Succeeded);
        Assert.Contains("larger than 64 KiB", Assert.Single(warnings));
    }

    [Fact]
    public async Task IgnoringTheFileNeverRequestsIt()
    {
        await server.PutControlAsync("tdmrep", """[{"location": "/", "tdm-reservation": 1}]""");

        Assert.True((await Fetch("images/8x8/1.jpg", new OptOutPolicy { RespectTdmRepFile = false })).Succeeded);
        Assert.True((await Fetch("images/8x8/1.jpg", new OptOutPolicy { RespectTdmReservation = false })).Succeeded);
    }

    [Theory]
    [InlineData("Content-Usage:train-ai=n", "train-ai=n")]
    [InlineData("Content-Usage:search=y, train-ai=n;reason=\"policy\"", "train-ai=n")]
    [InlineData("Content-Usage:bots=n", "bots=n")]
    public async Task AContentUsageHeaderRefusesTraining(string header, string matched)
    {
        var image = await Fetch($"images/8x8/1.jpg?header={Uri.EscapeDataString(header)}");

        Assert.Equal(OptOutSignal.ContentUsage, image.OptOut!.Signal);
        Assert.Equal([matched], image.OptOut.MatchedDirectives);
        Assert.Equal(OptOutDecision.ContentUsageMessage, image.ErrorMessage);
    }

    [Theory]
    [InlineData("Content-Usage:train-ai=y")]
    [InlineData("Content-Usage:Train-AI=n")]
    [InlineData("Content-Usage:train-ai=n,")]
    public async Task AnAllowingOrUnparseableContentUsageHeaderStatesNothing(string header) =>
        Assert.True((await Fetch($"images/8x8/1.jpg?header={Uri.EscapeDataString(header)}")).Succeeded);

    [Fact]
    public async Task ContentUsageLinesInTwoHeadersAreOneDictionary() =>
        Assert.Equal(OptOutSignal.ContentUsage,
            (await Fetch($"images/8x8/1.jpg?header={Uri.EscapeDataString("Content-Usage:search=y")}&header={Uri.EscapeDataString("Content-Usage:train-ai=n")}")).OptOut!.Signal);

    [Fact]
    public async Task RobotsTxtAiPreferencesAreReadWithoutObeyingItsRules()
    {
        await server.PutControlAsync("robots", "User-agent: *\nDisallow: /fixtures/\nContent-Usage: /images/64x64/ train-ai=n\nContent-Signal: /images/32x32/ search=yes, ai-train=no\n");

        var usage = await Fetch("images/64x64/1.jpg");
        var signal = await Fetch("images/32x32/1.jpg");

        Assert.Equal((OptOutSignal.ContentUsage, OptOutDecision.ContentUsageMessage), (usage.OptOut!.Signal, usage.ErrorMessage));
        Assert.Equal(["line 3: Content-Usage: /images/64x64/ train-ai=n"], usage.OptOut.MatchedDirectives);
        Assert.Equal(server.Url("robots.txt").AbsoluteUri, usage.OptOut.Source);
        Assert.Equal((OptOutSignal.ContentSignal, OptOutDecision.ContentSignalMessage), (signal.OptOut!.Signal, signal.ErrorMessage));
        Assert.True((await Fetch("images/16x16/1.jpg")).Succeeded);
    }

    [Fact]
    public async Task AnIgnoredRobotsTxtPreferenceIsKeptAsEvidence()
    {
        await server.PutControlAsync("robots", "User-agent: *\nContent-Signal: ai-train=no\nContent-Usage: train-ai=n\n");

        var image = await Fetch("images/8x8/1.jpg", new OptOutPolicy { RespectContentSignal = false });
        var both = await Fetch("images/8x8/1.jpg", new OptOutPolicy { RespectContentSignal = false, RespectContentUsage = false, RespectRobotsTxt = true });

        Assert.Equal(OptOutSignal.ContentUsage, image.OptOut!.Signal);
        Assert.Equal("line 2: Content-Signal: ai-train=no", Assert.Single(image.OptOut.Ignored).Matched);
        Assert.True(both.Succeeded);
        Assert.Equal([OptOutSignal.ContentUsage, OptOutSignal.ContentSignal], both.OptOut!.Ignored.Select(e => e.Signal).Order());
    }

    [Fact]
    public async Task AnUnreachableRobotsTxtStatesNoPreferenceAndRefusesOnlyWhenItsRulesAreObeyed()
    {
        await server.PutControlAsync("robots", "User-agent: *\nContent-Usage: train-ai=n\n", "status=503");

        Assert.True((await Fetch("images/8x8/1.jpg")).Succeeded);
        Assert.Equal(OptOutSignal.RobotsTxtUnreachable, (await Fetch("images/8x8/1.jpg", new OptOutPolicy { RespectRobotsTxt = true })).OptOut!.Signal);
    }

    [Theory]
    [InlineData("iptc-aimltraining.jpg", OptOutSignal.IptcDataMining)]
    [InlineData("iptc-prohibited.png", OptOutSignal.IptcDataMining)]
    [InlineData("iptc-genai.webp", OptOutSignal.IptcDataMining)]
    [InlineData("c2pa-notallowed.jpg", OptOutSignal.C2paTrainingMining)]
    [InlineData("c2pa-notallowed.png", OptOutSignal.C2paTrainingMining)]
    [InlineData("cawg-notallowed.jpg", OptOutSignal.C2paTrainingMining)]
    public async Task AnEmbeddedSignalRefusesTheDownloadedImageAndDropsItsBytes(string fixture, OptOutSignal signal)
    {
        var image = await Fetch($"embedded/{fixture}?header=X-Robots-Tag:googlebot:noai");

        Assert.Equal((SampleStatus.FailedToDownload, signal), (image.Status, image.OptOut!.Signal));
        Assert.Null(image.Bytes);
        Assert.Equal(200, image.HttpStatus);
        Assert.Equal(["googlebot:noai"], image.OptOut.XRobotsTag);
    }

    [Theory]
    [InlineData("xmp-not-xml.jpg")]
    [InlineData("jumbf-truncated.jpg")]
    [InlineData("cbor-garbage.png")]
    [InlineData("c2pa-allowed.jpg")]
    public async Task MalformedOrAllowingEmbeddedBlocksKeepTheImage(string fixture) =>
        Assert.True((await Fetch($"embedded/{fixture}")).Succeeded);

    [Fact]
    public async Task TheAuditorReportsSiteSignalsAndTheInspectorEmbeddedOnes()
    {
        await server.PutControlAsync("tdmrep", """[{"location": "/images/", "tdm-reservation": 1}]""");
        await server.PutControlAsync("robots", "User-agent: *\nContent-Signal: /embedded/plain ai-train=no\n");
        var policy = new OptOutPolicy();
        var auditor = new OptOutAuditor(client, new OptOutEvaluator(policy), SiteSignals.For(client, policy, TimeSpan.FromSeconds(5)), TimeSpan.FromSeconds(5), 5);
        var inspector = new ImageOptOutInspector(Fetcher(LoopbackDownloads.Options));

        var file = await auditor.AuditAsync(server.Url("images/8x8/1.jpg").AbsoluteUri, CancellationToken.None);
        var signal = await auditor.AuditAsync(server.Url("embedded/plain.jpg").AbsoluteUri, CancellationToken.None);
        var headOnly = await auditor.AuditAsync(server.Url("embedded/c2pa-notallowed.jpg").AbsoluteUri, CancellationToken.None);
        var inspected = await inspector.InspectAsync(new PlainUrlRows().Next(server.Url("embedded/c2pa-notallowed.jpg").AbsoluteUri), CancellationToken.None);

        Assert.Equal((OptOutSignal.TdmRepFile, "HEAD"), (file.Signal, file.Method));
        Assert.Equal((OptOutSignal.ContentSignal, "robots.txt"), (signal.Signal, signal.Method));
        Assert.True(headOnly.Allowed);
        Assert.Equal((OptOutSignal.C2paTrainingMining, "GET", 200), (inspected.Signal, inspected.Method, inspected.StatusCode));
        Assert.Equal("JPEG APP11 JUMBF", inspected.Decision!.Source);
    }

    [Fact]
    public async Task ARobotsTxtThatBlocksOnlyGptBotRefusesItsImagesByDefaultWithoutRequestingThem()
    {
        await server.PutControlAsync("robots", "User-agent: *\nAllow: /\n\nUser-agent: GPTBot\nDisallow: /images/\n");
        var robotsBefore = await Hits("/robots.txt");
        var fetcher = Fetcher(LoopbackDownloads.Options);

        var refused = await fetcher.FetchAsync(Row("images/8x8/1.jpg?group=gptbot-only"), CancellationToken.None);
        var elsewhere = await fetcher.FetchAsync(Row("embedded/plain.jpg"), CancellationToken.None);

        Assert.Equal((OptOutSignal.RobotsTxtAiCrawler, OptOutDecision.RobotsTxtAiCrawlerMessage), (refused.OptOut!.Signal, refused.ErrorMessage));
        Assert.Equal(["GPTBot: group of line 4 (User-agent: GPTBot), line 5: Disallow: /images/"], refused.OptOut.MatchedDirectives);
        Assert.Equal(server.Url("robots.txt").AbsoluteUri, refused.OptOut.Source);
        Assert.Null(refused.HttpStatus);
        Assert.Equal(0, await Hits("/images/8x8/1.jpg?group=gptbot-only"));
        Assert.True(elsewhere.Succeeded);
        Assert.Equal(robotsBefore + 1, await Hits("/robots.txt"));
    }

    [Fact]
    public async Task IgnoringAiCrawlerRulesDownloadsAndKeepsWhatWasSeen()
    {
        await server.PutControlAsync("robots", "User-agent: GPTBot\nUser-agent: CCBot\nDisallow: /\n");

        var image = await Fetch("images/8x8/1.jpg", new OptOutPolicy { RespectAiCrawlerRules = false });

        Assert.True(image.Succeeded);
        Assert.Equal(
            [new OptOutEvidence(OptOutSignal.RobotsTxtAiCrawler, "GPTBot: group of line 1 (User-agent: GPTBot, CCBot), line 3: Disallow: /", server.Url("robots.txt").AbsoluteUri, Ignored: true),
             new OptOutEvidence(OptOutSignal.RobotsTxtAiCrawler, "CCBot: group of line 1 (User-agent: GPTBot, CCBot), line 3: Disallow: /", server.Url("robots.txt").AbsoluteUri, Ignored: true)],
            image.OptOut!.Ignored);
    }

    [Fact]
    public async Task TheUsersTokensReplaceTheShippedList()
    {
        await server.PutControlAsync("robots", "User-agent: GPTBot\nDisallow: /\n\nUser-agent: HouseBot\nDisallow: /images/16x16/\n");
        var policy = new OptOutPolicy { AiCrawlerTokens = ["HouseBot"] };

        Assert.True((await Fetch("images/8x8/1.jpg", policy)).Succeeded);
        Assert.Equal(OptOutSignal.RobotsTxtAiCrawler, (await Fetch("images/16x16/1.jpg", policy)).OptOut!.Signal);
        Assert.True((await Fetch("images/8x8/2.jpg", new OptOutPolicy { AiCrawlerTokens = [] })).Succeeded);
    }

    [Fact]
    public async Task EverySiteSignalThatRefusesIsListed()
    {
        await server.PutControlAsync("robots", "User-agent: *\nDisallow: /images/\nContent-Usage: train-ai=n\nContent-Signal: ai-train=no\n\nUser-agent: GPTBot\nDisallow: /\n");

        var image = await Fetch("images/8x8/1.jpg", new OptOutPolicy { RespectRobotsTxt = true });
        var metadata = JsonDocument.Parse(image.OptOut!.ToMetadata()!).RootElement;

        Assert.Equal((OptOutSignal.RobotsTxt, "line 2: Disallow: /images/"), (image.OptOut.Signal, Assert.Single(image.OptOut.MatchedDirectives)));
        Assert.Equal([OptOutSignal.RobotsTxtAiCrawler, OptOutSignal.ContentUsage, OptOutSignal.ContentSignal], image.OptOut.AlsoRefused.Select(e => e.Signal));
        Assert.Equal(3, metadata.GetProperty("also_refused").GetArrayLength());
        Assert.Equal("line 3: Content-Usage: train-ai=n", metadata.GetProperty("also_refused")[1].GetProperty("matched").GetString());
    }

    [Fact]
    public async Task APathRobotsTxtDisallowsKeepsItsPreferenceWhenFetchedAnyway()
    {
        await server.PutControlAsync("robots", "User-agent: *\nDisallow: /images/\nContent-Usage: train-ai=n\n");

        var image = await Fetch("images/8x8/1.jpg");

        Assert.Equal((OptOutSignal.ContentUsage, "line 3: Content-Usage: train-ai=n"), (image.OptOut!.Signal, Assert.Single(image.OptOut.MatchedDirectives)));
    }

    [Fact]
    public async Task EveryResponseHeaderThatRefusesIsListedWithTheResponsesUrl()
    {
        var path = $"images/8x8/1.jpg?header={Uri.EscapeDataString("X-Robots-Tag:noai")}&header=tdm-reservation:1&header={Uri.EscapeDataString("Content-Usage:train-ai=n")}";

        var image = await Fetch(path);

        Assert.Equal(OptOutSignal.XRobotsTag, image.OptOut!.Signal);
        Assert.Equal(
            [new OptOutEvidence(OptOutSignal.TdmReservation, "tdm-reservation: 1", server.Url(path).AbsoluteUri),
             new OptOutEvidence(OptOutSignal.ContentUsage, "train-ai=n", server.Url(path).AbsoluteUri)],
            image.OptOut.AlsoRefused);
    }

    [Theory]
    [InlineData("Content-Signal:search=yes, ai-train=no", OptOutSignal.ContentSignal, "ai-train=no")]
    [InlineData("Content-Usage:all=n", OptOutSignal.ContentUsage, "all=n")]
    public async Task AContentSignalHeaderAndTheLegacyAllLabelRefuse(string header, OptOutSignal signal, string matched)
    {
        var image = await Fetch($"images/8x8/1.jpg?header={Uri.EscapeDataString(header)}");

        Assert.Equal((signal, matched), (image.OptOut!.Signal, Assert.Single(image.OptOut.MatchedDirectives)));
    }

    [Fact]
    public async Task AnIgnoredContentSignalHeaderIsKeptAsEvidence()
    {
        var image = await Fetch($"images/8x8/1.jpg?header={Uri.EscapeDataString("Content-Signal:ai-train=no")}", new OptOutPolicy { RespectContentSignal = false });

        Assert.True(image.Succeeded);
        Assert.Equal((OptOutSignal.ContentSignal, "ai-train=no", true), (Assert.Single(image.OptOut!.Ignored).Signal, image.OptOut.Ignored[0].Matched, image.OptOut.Ignored[0].Ignored));
    }

    [Fact]
    public async Task AResponsesTdmPolicyIsTheOneTheEvidenceNames()
    {
        await server.PutControlAsync("tdmrep", """[{"location": "/", "tdm-reservation": 1, "tdm-policy": "https://example.com/file-policy.json"}]""");

        var image = await Fetch($"images/8x8/1.jpg?header={Uri.EscapeDataString("tdm-policy:https://example.com/header-policy.json")}");

        Assert.Equal((OptOutSignal.TdmRepFile, "https://example.com/header-policy.json"), (image.OptOut!.Signal, image.OptOut.TdmPolicy));
    }

    [Fact]
    public async Task AnImageAllowedByTdmReservationZeroHasNoOptOutValue()
    {
        var image = await Fetch($"images/8x8/1.jpg?header=tdm-reservation:0&header={Uri.EscapeDataString("tdm-policy:https://example.com/policy.json")}");

        Assert.True(image.Succeeded);
        Assert.Null(image.OptOut!.ToMetadata());
    }

    [Theory]
    [InlineData("embedded/plain.jpg?header=", true)]
    [InlineData("embedded/xmp-provenance.jpg?x=", false)]
    public async Task ARemoteManifestIsFetchedOncePerUrlWhenNoneIsEmbedded(string image, bool byLinkHeader)
    {
        var manifest = "/embedded/" + Img2Dataset.ImageServer.EmbeddedSignalFixtures.RemoteManifest;
        var before = await Hits(manifest);
        var link = Uri.EscapeDataString($"Link:<{manifest}>; rel=\"c2pa-manifest\"");
        var fetcher = Fetcher(LoopbackDownloads.Options);

        var first = await fetcher.FetchAsync(Row(image + (byLinkHeader ? link : "1")), CancellationToken.None);
        var second = await fetcher.FetchAsync(Row(image + (byLinkHeader ? link + "&n=2" : "2")), CancellationToken.None);

        Assert.All([first, second], refused => Assert.Equal(
            (OptOutSignal.C2paTrainingMining, server.Url(manifest.TrimStart('/')).AbsoluteUri, "c2pa.ai_training: notAllowed"),
            (refused.OptOut!.Signal, refused.OptOut.Source, refused.OptOut.MatchedDirectives[0])));
        Assert.Null(first.Bytes);
        Assert.Equal(before + 1, await Hits(manifest));
    }

    [Fact]
    public async Task AnEmbeddedStoreWinsAndARemoteOneUnreachableOrOverTheCapStatesNothing()
    {
        var manifest = "/embedded/" + Img2Dataset.ImageServer.EmbeddedSignalFixtures.RemoteManifest;
        var before = await Hits(manifest);

        var embedded = await Fetch($"embedded/c2pa-allowed.jpg?header={Uri.EscapeDataString($"Link:<{manifest}>; rel=\"c2pa-manifest\"")}");
        var missing = await Fetch($"embedded/plain.jpg?header={Uri.EscapeDataString("Link:</embedded/missing.c2pa>; rel=\"c2pa-manifest\"")}");
        var endless = await Fetch($"embedded/plain.jpg?header={Uri.EscapeDataString($"Link:<{server.Url("images/8x8/1.jpg?endless=1").AbsoluteUri}>; rel=c2pa-manifest")}");

        Assert.True(embedded.Succeeded);
        Assert.True(missing.Succeeded);
        Assert.True(endless.Succeeded);
        Assert.Equal(before, await Hits(manifest));
    }

    [Fact]
    public async Task AFaultyTdmRepRuleIsSkippedWithAWarningAndTheOthersStillReserve()
    {
        await server.PutControlAsync("tdmrep", """[{"location": "/images/"}, {"location": "/", "tdm-reservation": 1}]""");

        var image = await Fetch("images/8x8/1.jpg");

        Assert.Equal((OptOutSignal.TdmRepFile, "location \"/\": tdm-reservation 1"), (image.OptOut!.Signal, image.OptOut.MatchedDirectives[0]));
        Assert.Contains("rule 1 is skipped", Assert.Single(warnings));
        Assert.Contains(server.Url(".well-known/tdmrep.json").AbsoluteUri, warnings.Single());
    }

    [Fact]
    public async Task TheAuditorShowsTheAiCrawlerRefusalFromRobotsTxt()
    {
        await server.PutControlAsync("robots", "User-agent: Google-Extended\nDisallow: /images/\n");
        var policy = new OptOutPolicy();
        var auditor = new OptOutAuditor(client, new OptOutEvaluator(policy), SiteSignals.For(client, policy, TimeSpan.FromSeconds(5)), TimeSpan.FromSeconds(5), 5);

        var verdict = await auditor.AuditAsync(server.Url("images/8x8/1.jpg").AbsoluteUri, CancellationToken.None);

        Assert.Equal((OptOutSignal.RobotsTxtAiCrawler, "robots.txt", false), (verdict.Signal, verdict.Method, verdict.Allowed));
    }

    private Task<DownloadedImage> Fetch(string path, OptOutPolicy? policy = null) =>
        Fetcher(LoopbackDownloads.Options with { OptOut = policy ?? new OptOutPolicy() }).FetchAsync(Row(path), CancellationToken.None);

    private ImageFetcher Fetcher(DownloadOptions options) => new(client, options, warn: warnings.Enqueue);

    private UrlRow Row(string path) => new PlainUrlRows().Next(server.Url(path).AbsoluteUri);

    private async Task<int> Hits(string path) =>
        JsonDocument.Parse(await client.GetStringAsync(server.Url($"_control/hits?path={Uri.EscapeDataString(path)}"))).RootElement.GetProperty("hits").GetInt32();


}
