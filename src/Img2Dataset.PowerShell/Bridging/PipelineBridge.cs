using System.Management.Automation;
using Img2Dataset.Engine.Jobs;

namespace Img2Dataset.PowerShell.Bridging;

/// <summary>
/// Feeds pipeline input to an engine worker pool and hands results back on the pipeline thread (the only thread that
/// may call WriteObject). While the input queue is full it keeps emitting results, so neither side can deadlock and
/// memory stays bounded by the pool. Once the pipeline is stopped (Ctrl+C), both calls end with
/// <see cref="PipelineStoppedException"/>.
/// </summary>
internal sealed class PipelineBridge<TIn, TOut>(BoundedWorkerPool<TIn, TOut> pool, Action<TOut> emit, CancellationToken cancellationToken)
{
    public void Post(TIn item) => UnlessStopped(() =>
    {
        while (!pool.Input.TryWrite(item))
        {
            Drain();
            Task.WaitAny([pool.Input.WaitToWriteAsync(cancellationToken).AsTask(), pool.Output.WaitToReadAsync(cancellationToken).AsTask()], cancellationToken);
        }
        Drain();
    });

    /// <summary>Ends the input and emits every remaining result; rethrows a worker's failure.</summary>
    public void Complete() => UnlessStopped(() =>
    {
        pool.Input.TryComplete();
        while (pool.Output.WaitToReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
        {
            Drain();
        }
    });

    private void UnlessStopped(Action step)
    {
        try
        {
            step();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    private void Drain()
    {
        while (pool.Output.TryRead(out var result))
        {
            emit(result);
        }
    }
}
