using Img2Dataset.Engine.Policy;

namespace Img2Dataset.Engine.Tests.Policy;

public sealed class OriginCacheTests
{
    [Fact]
    public async Task EachOriginIsFetchedOnceHoweverManyAskAtOnce()
    {
        var fetches = 0;
        var gate = new TaskCompletionSource<string>();
        var cache = new OriginCache<string>(origin => { Interlocked.Increment(ref fetches); return gate.Task; }, file => file.Length, 1 << 20);

        var waiting = Enumerable.Range(0, 20).Select(i => cache.GetAsync(new Uri($"https://example.com/{i}.jpg"), CancellationToken.None)).ToList();
        gate.SetResult("file");

        Assert.All(await Task.WhenAll(waiting), file => Assert.Equal("file", file));
        Assert.Equal(1, fetches);
    }

    [Fact]
    public async Task PastItsByteBudgetTheOldestFilesAreDroppedAndFetchedAgain()
    {
        var fetched = new List<string>();
        // Files of 10,000 bytes each (by their own count) in a budget of 50,000: at most five held at once.
        var cache = new OriginCache<string>(origin => { lock (fetched) { fetched.Add(origin); } return Task.FromResult(origin); }, _ => 10_000, 50_000);

        for (var host = 0; host < 10; host++)
        {
            await cache.GetAsync(new Uri($"https://h{host}.example/a.jpg"), CancellationToken.None);
            Assert.InRange(cache.Bytes, 1, cache.ByteBudget);
        }
        await cache.GetAsync(new Uri("https://h9.example/b.jpg"), CancellationToken.None);
        await cache.GetAsync(new Uri("https://h0.example/b.jpg"), CancellationToken.None);

        Assert.Equal(11, fetched.Count);
        Assert.Equal("https://h0.example", fetched[^1]);
    }

    [Fact]
    public async Task OneLargeFileCostsWhatItHoldsNotOneEntry()
    {
        var cache = new OriginCache<string>(origin => Task.FromResult(origin.Contains("large") ? new string('x', 40_000) : "small"), file => 2L * file.Length, 100_000);

        await cache.GetAsync(new Uri("https://large1.example/a.jpg"), CancellationToken.None);
        await cache.GetAsync(new Uri("https://large2.example/a.jpg"), CancellationToken.None);

        Assert.InRange(cache.Bytes, 1, 100_000);
        Assert.True(cache.Bytes < 2 * 80_000, "two files of 80,000 bytes do not both fit a budget of 100,000");
    }

    [Fact]
    public void AFileKeepsOnlyTheGroupsThatCanJudgeUs()
    {
        var robots = RobotsTxt.Parse("User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\nContent-Usage: train-ai=n\n");

        var ours = robots.Keep(["img2dataset"]);

        Assert.Equal("line 5: Disallow: /private/", ours.Match("/private/a.jpg", "img2dataset"));
        Assert.Null(ours.Match("/public/a.jpg", "otherbot"));
        Assert.Equal(["line 6: Content-Usage: train-ai=n"], ours.RefusedTraining("/a.jpg", "img2dataset", OptOutSignal.ContentUsage));
    }
}
