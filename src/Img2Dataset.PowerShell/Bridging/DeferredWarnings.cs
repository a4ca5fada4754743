using System.Collections.Concurrent;
using System.Management.Automation;

namespace Img2Dataset.PowerShell.Bridging;

/// <summary>
/// Warnings the engine raises on its worker threads, held until the pipeline thread (the only one that may write to
/// a stream) flushes them, as results are emitted and at the end.
/// </summary>
internal sealed class DeferredWarnings(PSCmdlet cmdlet)
{
    private readonly ConcurrentQueue<string> pending = new();

    public void Add(string message) => pending.Enqueue(message);

    public void Flush()
    {
        while (pending.TryDequeue(out var message))
        {
            cmdlet.WriteWarning(message);
            CiService.Current?.Warning(cmdlet, message);
        }
    }
}
