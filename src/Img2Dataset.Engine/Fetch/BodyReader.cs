using System.Buffers;

namespace Img2Dataset.Engine.Fetch;

/// <summary>
/// Reads a response body within the run's <see cref="BodyBudget"/>, stopping as soon as it passes its cap. A declared
/// length is reserved at once, whole (it is what the body will be: the handler ends the body there), and read straight
/// into an array of that size; a body of unknown length is read into pooled chunks reserved one by one, then copied
/// once into an array of its exact size. No buffer grows by doubling, and no array is zeroed only to be overwritten.
/// </summary>
public static class BodyReader
{
    public const int ChunkSize = 64 * 1024;

    /// <summary>The body, or null once it is longer than <paramref name="cap"/> bytes (at most one chunk is read past it).</summary>
    public static async Task<byte[]?> ReadAsync(Stream body, long? declaredLength, long cap, BodyLease lease, CancellationToken cancellationToken)
    {
        if (declaredLength is { } declared && declared <= cap)
        {
            await lease.GrowToAsync(declared, cancellationToken);
            var exact = GC.AllocateUninitializedArray<byte>((int)declared);
            await body.ReadExactlyAsync(exact, cancellationToken);
            return exact;
        }
        var chunks = new List<byte[]>();
        long length = 0;
        try
        {
            while (true)
            {
                await lease.GrowToAsync(Math.Min(length + ChunkSize, cap), cancellationToken);
                var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
                chunks.Add(chunk);
                var filled = await FillAsync(body, chunk.AsMemory(0, ChunkSize), cancellationToken);
                length += filled;
                if (length > cap)
                {
                    return null;
                }
                if (filled < ChunkSize)
                {
                    return Join(chunks, length);
                }
            }
        }
        finally
        {
            foreach (var chunk in chunks)
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }
    }

    /// <summary>Reads until the buffer is full or the body ends; returns the bytes read.</summary>
    private static async Task<int> FillAsync(Stream body, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await body.ReadAsync(buffer[filled..], cancellationToken)) > 0)
        {
            filled += read;
        }
        return filled;
    }

    private static byte[] Join(List<byte[]> chunks, long length)
    {
        var bytes = GC.AllocateUninitializedArray<byte>((int)length);
        var offset = 0;
        foreach (var chunk in chunks)
        {
            var count = (int)Math.Min(ChunkSize, length - offset);
            chunk.AsSpan(0, count).CopyTo(bytes.AsSpan(offset));
            offset += count;
        }
        return bytes;
    }
}
