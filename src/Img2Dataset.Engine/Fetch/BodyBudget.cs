namespace Img2Dataset.Engine.Fetch;

/// <summary>
/// The bytes of response bodies a run may hold at once, across all downloads and until each body is written or
/// dropped: a per-body cap alone lets ThreadCount hostile bodies take ThreadCount × MaxBytes. Requests are served
/// whole and in arrival order, so a large body is not starved by small ones, and a body of declared length waits
/// once, holding nothing, for all it needs: downloads cannot deadlock each holding part of what they need.
/// </summary>
public sealed class BodyBudget(long bytes)
{
    private readonly object gate = new();
    private readonly LinkedList<(long Bytes, TaskCompletionSource Granted)> waiting = new();
    private long available = bytes;

    public long Bytes { get; } = bytes;

    public BodyLease Lease() => new(this);

    internal async Task AcquireAsync(long count, CancellationToken cancellationToken)
    {
        LinkedListNode<(long, TaskCompletionSource)> node;
        lock (gate)
        {
            if (waiting.Count == 0 && available >= count)
            {
                available -= count;
                return;
            }
            node = waiting.AddLast((count, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }
        await using var registration = cancellationToken.Register(() => Abandon(node, cancellationToken));
        await node.Value.Item2.Task;
    }

    internal void Release(long count)
    {
        var granted = new List<TaskCompletionSource>();
        lock (gate)
        {
            available += count;
            while (waiting.First is { } first && first.Value.Bytes <= available)
            {
                available -= first.Value.Bytes;
                waiting.RemoveFirst();
                granted.Add(first.Value.Granted);
            }
        }
        granted.ForEach(g => g.SetResult());
    }

    private void Abandon(LinkedListNode<(long, TaskCompletionSource)> node, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (node.List is null)
            {
                // Granted already: the caller owns the bytes and gives them back through its lease.
                return;
            }
            waiting.Remove(node);
        }
        node.Value.Item2.SetCanceled(cancellationToken);
    }
}
