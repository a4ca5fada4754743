using System.Threading.Channels;

namespace Img2Dataset.Engine.Jobs;

/// <summary>
/// Runs asynchronous work on items with a fixed number of workers. Both queues are bounded, so memory is bounded by
/// <c>workers + 2 × capacity</c> items whatever the input size; results come out in completion order.
/// Every item yields exactly one result: an exception of the work on one item is turned into that item's result by
/// <c>fault</c>, so no item can go missing and stall whoever counts on it. Only cancellation ends the pool early.
/// </summary>
public sealed class BoundedWorkerPool<TIn, TOut>
{
    private readonly Channel<TIn> input;
    private readonly Channel<TOut> output;

    public BoundedWorkerPool(int workerCount, int capacity, Func<TIn, CancellationToken, Task<TOut>> work, Func<TIn, Exception, TOut> fault,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workerCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        input = Channel.CreateBounded<TIn>(new BoundedChannelOptions(capacity) { SingleWriter = true });
        output = Channel.CreateBounded<TOut>(new BoundedChannelOptions(capacity) { SingleReader = true });
        var workers = Enumerable.Range(0, workerCount).Select(_ => Task.Run(() => WorkAsync(work, fault, cancellationToken), cancellationToken));
        Task.WhenAll(workers).ContinueWith(done => output.Writer.TryComplete(done.Exception?.InnerException ?? (done.IsCanceled ? new OperationCanceledException(cancellationToken) : null)),
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    public ChannelWriter<TIn> Input => input.Writer;
    public ChannelReader<TOut> Output => output.Reader;

    private async Task WorkAsync(Func<TIn, CancellationToken, Task<TOut>> work, Func<TIn, Exception, TOut> fault, CancellationToken cancellationToken)
    {
        await foreach (var item in input.Reader.ReadAllAsync(cancellationToken))
        {
            TOut result;
            try
            {
                result = await work(item, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                result = fault(item, e);
            }
            await output.Writer.WriteAsync(result, cancellationToken);
        }
    }
}
