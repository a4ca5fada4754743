using System.Collections.Concurrent;

namespace Img2Dataset.ImageServer;

/// <summary>Counts requests in flight per group and remembers the peak, so tests can prove a client's per-host limit.</summary>
public sealed class ConcurrencyTracker
{
    private readonly ConcurrentDictionary<string, Counter> counters = new();

    public IDisposable Enter(string group)
    {
        var counter = counters.GetOrAdd(group, _ => new Counter());
        counter.Enter();
        return counter;
    }

    public (int Peak, int Requests) Read(string group) =>
        counters.TryGetValue(group, out var counter) ? (counter.Peak, counter.Requests) : (0, 0);

    private sealed class Counter : IDisposable
    {
        private int current;
        private int peak;
        private int requests;

        public int Peak => Volatile.Read(ref peak);
        public int Requests => Volatile.Read(ref requests);

        public void Enter()
        {
            Interlocked.Increment(ref requests);
            var now = Interlocked.Increment(ref current);
            int seen;
            while (now > (seen = Volatile.Read(ref peak)) && Interlocked.CompareExchange(ref peak, now, seen) != seen)
            {
            }
        }

        public void Dispose() => Interlocked.Decrement(ref current);
    }
}
