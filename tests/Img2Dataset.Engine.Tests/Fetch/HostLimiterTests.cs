using Img2Dataset.Engine.Fetch;

namespace Img2Dataset.Engine.Tests.Fetch;

public sealed class HostLimiterTests
{
    [Fact]
    public async Task AHostHoldsAtMostItsSlotsAndTheNextWaits()
    {
        var limiter = new HostLimiter(2);
        var url = new Uri("https://example.com/a.jpg");
        using var first = await limiter.EnterAsync(url, CancellationToken.None);
        var second = await limiter.EnterAsync(url, CancellationToken.None);

        var third = limiter.EnterAsync(url, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(third.IsCompleted);

        second.Dispose();
        (await third).Dispose();
    }

    [Fact]
    public async Task NoHostIsKeptOnceItsRequestsEnd()
    {
        var limiter = new HostLimiter(4);

        for (var host = 0; host < 1000; host++)
        {
            (await limiter.EnterAsync(new Uri($"https://h{host}.example/a.jpg"), CancellationToken.None)).Dispose();
        }

        Assert.Equal(0, limiter.ActiveHosts);
    }

    [Fact]
    public async Task AWaitCancelledLetsTheHostGo()
    {
        var limiter = new HostLimiter(1);
        var url = new Uri("https://example.com/a.jpg");
        var held = await limiter.EnterAsync(url, CancellationToken.None);
        using var cancel = new CancellationTokenSource(20);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => limiter.EnterAsync(url, cancel.Token));
        held.Dispose();

        Assert.Equal(0, limiter.ActiveHosts);
    }
}
