namespace Img2Dataset.Engine.Fetch;

/// <summary>
/// At most N requests in flight per host, so one slow site cannot take every slot and no site is hammered.
/// The connection limit of the handler alone would not do: HTTP/2 multiplexes many requests on one connection.
/// A host's slots exist only while a request holds or awaits one: a list over millions of hosts keeps none of them.
/// </summary>
public sealed class HostLimiter(int perHost)
{
    private readonly Dictionary<string, Host> hosts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Hosts with a request holding or awaiting a slot.</summary>
    internal int ActiveHosts
    {
        get
        {
            lock (hosts)
            {
                return hosts.Count;
            }
        }
    }

    public async Task<IDisposable> EnterAsync(Uri url, CancellationToken cancellationToken)
    {
        var name = url.IdnHost;
        Host host;
        lock (hosts)
        {
            if (!hosts.TryGetValue(name, out host!))
            {
                hosts[name] = host = new Host(new SemaphoreSlim(perHost, perHost));
            }
            host.Users++;
        }
        try
        {
            await host.Slots.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(name, host);
            throw;
        }
        return new Release(this, name, host);
    }

    private void Leave(string name, Host host)
    {
        lock (hosts)
        {
            if (--host.Users == 0)
            {
                hosts.Remove(name);
                host.Slots.Dispose();
            }
        }
    }

    /// <summary>A host's slots and how many requests hold or await one (changed under the dictionary's lock).</summary>
    private sealed class Host(SemaphoreSlim slots)
    {
        public SemaphoreSlim Slots { get; } = slots;
        public int Users { get; set; }
    }

    private sealed class Release(HostLimiter limiter, string name, Host host) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                host.Slots.Release();
                limiter.Leave(name, host);
            }
        }
    }
}
