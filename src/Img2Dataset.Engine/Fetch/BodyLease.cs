namespace Img2Dataset.Engine.Fetch;

/// <summary>
/// The share of the <see cref="BodyBudget"/> one body holds. It travels with the downloaded image and is returned
/// when the image's bytes are no longer needed (written, or failed); returning it twice is harmless.
/// </summary>
public sealed class BodyLease(BodyBudget budget) : IDisposable
{
    private long held;
    private int disposed;

    /// <summary>Waits until the lease covers <paramref name="bytes"/> bytes in total.</summary>
    public async Task GrowToAsync(long bytes, CancellationToken cancellationToken)
    {
        if (bytes > held)
        {
            await budget.AcquireAsync(bytes - held, cancellationToken);
            held = bytes;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            budget.Release(held);
        }
    }
}
