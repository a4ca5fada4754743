using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;

namespace Img2Dataset.Engine.Imaging;

/// <summary>
/// Shrinking as OpenCV's INTER_AREA, the reference's default downscale_interpolation: "resampling using pixel area
/// relation" (OpenCV, InterpolationFlags). Each output pixel covers a cell of the source (its size over the output's
/// along each axis) and is the average of the source pixels in that cell, a pixel the cell covers in part weighted by
/// the part it covers. ImageSharp's box sampler, used before, counts every pixel whose centre is in the cell whole and
/// passes every pixel through four floats. This works on the bytes of L8 and Rgb24 (the pixel types the transformer
/// decodes to): each output row first sums its source rows (contiguous bytes, vectorized), then each output pixel
/// sums its columns of that sum. Both axes must shrink or keep their size; INTER_AREA enlarging is another method.
/// The loops are compiled fully optimized at their first call, as ImageSharp's are (tools/CompileOnce), so the
/// transform's warm-up compiles them before any download (<see cref="ImageTransformer.WarmUp"/>).
/// </summary>
public static class AreaResizer
{
    /// <summary>Source columns summed at once: wider images go in strips, so the sum holds at most this many pixels' channels.</summary>
    private const int StripColumns = 8192;

    /// <summary>Whether <see cref="Shrink{TPixel}"/> takes this pixel type and size change.</summary>
    public static bool Takes<TPixel>(int sourceWidth, int sourceHeight, int width, int height)
        where TPixel : unmanaged, IPixel<TPixel> =>
        (typeof(TPixel) == typeof(Rgb24) || typeof(TPixel) == typeof(L8))
        && width >= 1 && height >= 1 && width <= sourceWidth && height <= sourceHeight && (width < sourceWidth || height < sourceHeight);

    /// <summary>A new image of <paramref name="width"/> × <paramref name="height"/>, in the source's configuration (its buffers bounded by its allocator).</summary>
    public static Image<TPixel> Shrink<TPixel>(Image<TPixel> source, int width, int height)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        if (!Takes<TPixel>(source.Width, source.Height, width, height))
        {
            throw new ArgumentException($"Area shrinking takes L8 or Rgb24 to a size no larger on either axis, not {typeof(TPixel).Name} {source.Width}x{source.Height} to {width}x{height}.");
        }
        var channels = Unsafe.SizeOf<TPixel>();
        var columns = CellCover.Of(source.Width, width);
        var rows = CellCover.Of(source.Height, height);
        var strips = Strips(columns);
        // OpenCV rounds a half up where the image halves on both axes (its two-by-two path adds 2 before dividing the
        // four pixels' sum by 4), and to even everywhere else (saturate_cast).
        var rounding = columns.Halves && rows.Halves ? MidpointRounding.AwayFromZero : MidpointRounding.ToEven;
        var configuration = source.GetConfiguration();
        var result = new Image<TPixel>(configuration, width, height);
        try
        {
            // One float past the sums: SumColorColumns reads each pixel's three as four.
            using var sumBuffer = configuration.MemoryAllocator.Allocate<float>(strips.Max(s => s.SourceColumns) * channels + 1);
            source.ProcessPixelRows(result, (sourceRows, resultRows) =>
            {
                var sum = sumBuffer.Memory.Span;
                for (var y = 0; y < height; y++)
                {
                    var target = MemoryMarshal.AsBytes(resultRows.GetRowSpan(y));
                    var cell = rows.Cells[y];
                    foreach (var strip in strips)
                    {
                        var stripSum = sum[..(strip.SourceColumns * channels)];
                        stripSum.Clear();
                        for (var tap = 0; tap < cell.Count; tap++)
                        {
                            var row = MemoryMarshal.AsBytes(sourceRows.GetRowSpan(cell.FirstPixel + tap));
                            AddWeighted(row.Slice(strip.FirstSourceColumn * channels, stripSum.Length), cell.Weight(tap), stripSum);
                        }
                        SumColumns(stripSum, strip, columns, channels, rounding, target);
                    }
                }
            });
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>Output columns split so that each strip's source columns number at most <see cref="StripColumns"/> (or one output column's, if more).</summary>
    private static List<Strip> Strips(CellCover columns)
    {
        var strips = new List<Strip>();
        var first = 0;
        while (first < columns.Count)
        {
            var end = first + 1;
            while (end < columns.Count && columns.LastPixel(end) + 1 - columns.FirstPixel(first) <= StripColumns)
            {
                end++;
            }
            var firstSource = columns.FirstPixel(first);
            strips.Add(new Strip(first, end, firstSource, columns.LastPixel(end - 1) + 1 - firstSource));
            first = end;
        }
        return strips;
    }

    /// <summary>sum += weight × source, byte by byte, a vector's bytes at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddWeighted(ReadOnlySpan<byte> source, float weight, Span<float> sum)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && sum.Length >= source.Length)
        {
            ref var bytes = ref MemoryMarshal.GetReference(source);
            ref var sums = ref MemoryMarshal.GetReference(sum);
            var weights = new Vector<float>(weight);
            for (; i <= source.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                Vector.Widen(Vector.LoadUnsafe(ref bytes, (nuint)i), out var low, out var high);
                Vector.Widen(low, out var first, out var second);
                Vector.Widen(high, out var third, out var fourth);
                AddWeighted(first, weights, ref sums, i);
                AddWeighted(second, weights, ref sums, i + Vector<float>.Count);
                AddWeighted(third, weights, ref sums, i + 2 * Vector<float>.Count);
                AddWeighted(fourth, weights, ref sums, i + 3 * Vector<float>.Count);
            }
        }
        for (; i < source.Length; i++)
        {
            sum[i] += weight * source[i];
        }
    }

    private static void AddWeighted(Vector<uint> values, Vector<float> weights, ref float sums, int at) =>
        Vector.StoreUnsafe(Vector.LoadUnsafe(ref sums, (nuint)at) + Vector.ConvertToSingle(values) * weights, ref sums, (nuint)at);

    /// <summary>Each output pixel of the strip: its columns of the row sum, weighted, rounded and saturated to a byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SumColumns(ReadOnlySpan<float> sum, Strip strip, CellCover columns, int channels, MidpointRounding rounding, Span<byte> target)
    {
        if (channels == 3)
        {
            SumColorColumns(sum, strip, columns, rounding, target);
            return;
        }
        for (var x = strip.FirstColumn; x < strip.EndColumn; x++)
        {
            var cell = columns.Cells[x];
            var first = cell.FirstPixel - strip.FirstSourceColumn;
            var value = 0f;
            for (var tap = 0; tap < cell.Count; tap++)
            {
                value += cell.Weight(tap) * sum[first + tap];
            }
            target[x] = Saturated(value, rounding);
        }
    }

    /// <summary>
    /// Three channels: each source pixel's three sums read as one four-float vector (the fourth, the next pixel's red
    /// or the sum's one float of padding, is never used), so a tap is one multiply-add.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SumColorColumns(ReadOnlySpan<float> sum, Strip strip, CellCover columns, MidpointRounding rounding, Span<byte> target)
    {
        ref var sums = ref MemoryMarshal.GetReference(sum);
        var cells = columns.Cells;
        for (var x = strip.FirstColumn; x < strip.EndColumn; x++)
        {
            ref readonly var cell = ref cells[x];
            var first = cell.FirstPixel - strip.FirstSourceColumn;
            var pixel = SumAt(ref sums, first) * cell.FirstWeight;
            for (var tap = 1; tap < cell.Count - 1; tap++)
            {
                pixel += SumAt(ref sums, first + tap) * cell.InnerWeight;
            }
            if (cell.Count > 1)
            {
                pixel += SumAt(ref sums, first + cell.Count - 1) * cell.LastWeight;
            }
            target[3 * x] = Saturated(pixel.X, rounding);
            target[3 * x + 1] = Saturated(pixel.Y, rounding);
            target[3 * x + 2] = Saturated(pixel.Z, rounding);
        }
    }

    /// <summary>A source pixel's three channel sums, and one float more.</summary>
    private static Vector4 SumAt(ref float sums, int pixel) =>
        Unsafe.ReadUnaligned<Vector4>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref sums, pixel * 3)));

    /// <summary>
    /// A sum of non-negative weights (adding up to one) times bytes, rounded and saturated to a byte. Written with the
    /// two roundings the processor does in one instruction: MathF.Round's overload taking a MidpointRounding is not one,
    /// and made the whole shrink a fifth slower (Bench area-shrink).
    /// </summary>
    private static byte Saturated(float value, MidpointRounding rounding) =>
        (byte)Math.Min(rounding == MidpointRounding.ToEven ? MathF.Round(value) : MathF.Floor(value + 0.5f), 255f);

    /// <summary>Output columns [FirstColumn, EndColumn) and the source columns they read, from FirstSourceColumn.</summary>
    private readonly record struct Strip(int FirstColumn, int EndColumn, int FirstSourceColumn, int SourceColumns);
}
