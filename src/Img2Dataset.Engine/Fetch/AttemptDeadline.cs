using System.Diagnostics;

namespace Img2Dataset.Engine.Fetch;

/// <summary>
/// One attempt's timeout: connecting, headers and body of the image and of the redirects to it, but not the wait for
/// its sites' own files (robots.txt, tdmrep.json). Those are fetched once per origin under their own timeout and
/// shared by every request to it; on the attempt's clock, a site file that stalled used up the budget of every image
/// waiting on it, which then failed as timed out although it was never requested.
/// </summary>
public sealed class AttemptDeadline : IDisposable
{
    private readonly TimeSpan timeout;
    private readonly CancellationToken outer;
    private readonly CancellationTokenSource source;
    private readonly Stopwatch onTheClock = Stopwatch.StartNew();

    public AttemptDeadline(TimeSpan timeout, CancellationToken outer)
    {
        this.timeout = timeout;
        this.outer = outer;
        source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        source.CancelAfter(timeout);
    }

    /// <summary>Cancelled when the attempt has had its timeout, or when the run is stopped.</summary>
    public CancellationToken Token => source.Token;

    /// <summary>Waits with the clock stopped, cancelled only by the run; then gives the attempt what it had left.</summary>
    public async Task<T> OffTheClockAsync<T>(Func<CancellationToken, Task<T>> wait)
    {
        onTheClock.Stop();
        source.CancelAfter(System.Threading.Timeout.InfiniteTimeSpan);
        try
        {
            return await wait(outer);
        }
        finally
        {
            onTheClock.Start();
            var left = timeout - onTheClock.Elapsed;
            source.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
    }

    public void Dispose() => source.Dispose();
}
