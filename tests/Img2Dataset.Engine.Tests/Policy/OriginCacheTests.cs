using Img2Dataset.Engine.Policy;

namespace Img2Dataset.Engine.Tests.Policy;

public sealed class OriginCacheTests
{
    [Fact]
    public async Task EachOriginIsFetchedOnceHoweverManyAskAtOnce()
    {
        var fetches = 0;
        var gate = new TaskCompletionSource<string>();
        var cache = new OriginCache<string>(origin => { Interlocked.Increment(ref fetches); return gate.Task; });

        var waiting = Enumerable.Range(0, 20).Select(i => cache.GetAsync(new Uri($"https://example.com/{i}.jpg"), CancellationToken.None)).ToList();
        gate.SetResult("file");

        Assert.All(await Task.WhenAll(waiting), file => Assert.Equal("file", file));
        Assert.Equal(1, fetches);
    }

    [Fact]
    public async Task PastItsCapacityTheOldestOriginsAreDroppedAndFetchedAgain()
    {
        var fetched = new List<string>();
        var cache = new OriginCache<string>(origin => { lock (fetched) { fetched.Add(origin); } return Task.FromResult(origin); }, capacity: 4);

        for (var host = 0; host < 10; host++)
        {
            await cache.GetAsync(new Uri($"https://h{host}.example/a.jpg"), CancellationToken.None);
        }
        await cache.GetAsync(new Uri("https://h9.example/b.jpg"), CancellationToken.None);
        await cache.GetAsync(new Uri("https://h0.example/b.jpg"), CancellationToken.None);

        Assert.Equal(11, fetched.Count);
        Assert.Equal("https://h0.example", fetched[^1]);
    }

    [Fact]
    public void AFileKeepsOnlyTheGroupsThatCanJudgeUs()
    {
        var robots = RobotsTxt.Parse("User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\nContent-Usage: train-ai=n\n");

        var ours = robots.For("img2dataset");

        Assert.Equal("line 5: Disallow: /private/", ours.Match("/private/a.jpg", "img2dataset"));
        Assert.Null(ours.Match("/public/a.jpg", "otherbot"));
        Assert.Equal(["line 6: Content-Usage: train-ai=n"], ours.RefusedTraining("/a.jpg", "img2dataset", OptOutSignal.ContentUsage));
    }
}
