using System.Collections.Concurrent;

namespace Img2Dataset.Engine.Fetch;

/// <summary>
/// At most N requests in flight per host, so one slow site cannot take every slot and no site is hammered.
/// The connection limit of the handler alone would not do: HTTP/2 multiplexes many requests on one connection.
/// </summary>
public sealed class HostLimiter(int perHost)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> slots = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IDisposable> EnterAsync(Uri url, CancellationToken cancellationToken)
    {
        var slot = slots.GetOrAdd(url.IdnHost, _ => new SemaphoreSlim(perHost, perHost));
        await slot.WaitAsync(cancellationToken);
        return new Release(slot);
    }

    private sealed class Release(SemaphoreSlim slot) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                slot.Release();
            }
        }
    }
}
