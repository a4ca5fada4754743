using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace Img2Dataset.Engine.Imaging;

/// <summary>
/// OpenCV's INTER_LANCZOS4 on 8-bit images, the reference's default upscale_interpolation ("Lanczos interpolation
/// over 8x8 neighborhood", OpenCV, InterpolationFlags), as OpenCV computes it so that the pixels are the reference's:
/// output pixel d sits at source position (d + 0.5) × scale − 0.5; its eight taps around it, past the edge repeating
/// the edge pixel, are weighted by the radius-4 Lanczos kernel normalised to sum to one and rounded to 11-bit fixed
/// point; each source row is weighed along x into integers, then eight such rows along y, and the sum is shifted back
/// by 22 bits, rounding half up, and saturated. The kernel is not widened when shrinking, as OpenCV's is not.
/// </summary>
public static class Lanczos4Resizer
{
    private const int Taps = 8;
    private const int CoefficientBits = 11;

    /// <summary>Whether <see cref="Resize{TPixel}"/> takes this pixel type: the byte-channel types the transformer decodes to.</summary>
    public static bool Takes<TPixel>() where TPixel : unmanaged, IPixel<TPixel> => typeof(TPixel) == typeof(Rgb24) || typeof(TPixel) == typeof(L8);

    /// <summary>A new image of <paramref name="width"/> × <paramref name="height"/>, in the source's configuration (its buffers bounded by its allocator).</summary>
    public static Image<TPixel> Resize<TPixel>(Image<TPixel> source, int width, int height)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        if (!Takes<TPixel>() || width < 1 || height < 1)
        {
            throw new ArgumentException($"Lanczos-4 resizing takes L8 or Rgb24 to at least 1x1, not {typeof(TPixel).Name} to {width}x{height}.");
        }
        var channels = Unsafe.SizeOf<TPixel>();
        var columns = Kernel.Along(source.Width, width);
        var rows = Kernel.Along(source.Height, height);
        var configuration = source.GetConfiguration();
        var result = new Image<TPixel>(configuration, width, height);
        try
        {
            // The eight source rows one output row needs, each weighed along x: slot = row mod 8, tagged with its row.
            var rowLength = width * channels;
            using var weighedRows = configuration.MemoryAllocator.Allocate<int>(rowLength * Taps);
            var rowInSlot = new int[Taps];
            Array.Fill(rowInSlot, -1);
            source.ProcessPixelRows(result, (sourceRows, resultRows) =>
            {
                for (var y = 0; y < height; y++)
                {
                    var target = MemoryMarshal.AsBytes(resultRows.GetRowSpan(y));
                    for (var tap = 0; tap < Taps; tap++)
                    {
                        var row = rows.Source(y, tap);
                        if (rowInSlot[row % Taps] != row)
                        {
                            WeighAlongX(MemoryMarshal.AsBytes(sourceRows.GetRowSpan(row)), columns, channels, weighedRows.Memory.Span.Slice(row % Taps * rowLength, rowLength));
                            rowInSlot[row % Taps] = row;
                        }
                    }
                    WeighAlongY(weighedRows.Memory.Span, rowLength, rows, y, target);
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeighAlongX(ReadOnlySpan<byte> source, Kernel columns, int channels, Span<int> weighed)
    {
        for (var x = 0; x < columns.Count; x++)
        {
            for (var c = 0; c < channels; c++)
            {
                var sum = 0;
                for (var tap = 0; tap < Taps; tap++)
                {
                    sum += source[columns.Source(x, tap) * channels + c] * columns.Weight(x, tap);
                }
                weighed[x * channels + c] = sum;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeighAlongY(ReadOnlySpan<int> weighedRows, int rowLength, Kernel rows, int y, Span<byte> target)
    {
        const int half = 1 << (2 * CoefficientBits - 1);
        Span<int> slots = stackalloc int[Taps];
        Span<int> weights = stackalloc int[Taps];
        for (var tap = 0; tap < Taps; tap++)
        {
            slots[tap] = rows.Source(y, tap) % Taps * rowLength;
            weights[tap] = rows.Weight(y, tap);
        }
        for (var i = 0; i < target.Length; i++)
        {
            var sum = 0L;
            for (var tap = 0; tap < Taps; tap++)
            {
                sum += (long)weighedRows[slots[tap] + i] * weights[tap];
            }
            target[i] = (byte)Math.Clamp((sum + half) >> (2 * CoefficientBits), 0, 255);
        }
    }

    /// <summary>Along one axis: each output index's eight source pixels (the edge repeated past it) and their fixed-point weights.</summary>
    private sealed class Kernel
    {
        private readonly int[] sources;
        private readonly short[] weights;

        private Kernel(int[] sources, short[] weights) => (this.sources, this.weights) = (sources, weights);

        public int Count => sources.Length / Taps;

        public static Kernel Along(int sourceSize, int size)
        {
            // OpenCV's scale is the inverse of its inverse scale, both in double: the last bit can differ from source / size.
            var scale = 1.0 / ((double)size / sourceSize);
            var sources = new int[size * Taps];
            var weights = new short[size * Taps];
            Span<float> coefficients = stackalloc float[Taps];
            for (var d = 0; d < size; d++)
            {
                var position = (float)((d + 0.5) * scale - 0.5);
                var first = (int)MathF.Floor(position);
                Coefficients(position - first, coefficients);
                for (var tap = 0; tap < Taps; tap++)
                {
                    sources[d * Taps + tap] = Math.Clamp(first - 3 + tap, 0, sourceSize - 1);
                    weights[d * Taps + tap] = (short)Math.Clamp(MathF.Round(coefficients[tap] * (1 << CoefficientBits)), short.MinValue, short.MaxValue);
                }
            }
            return new Kernel(sources, weights);
        }

        public int Source(int index, int tap) => sources[index * Taps + tap];

        public int Weight(int index, int tap) => weights[index * Taps + tap];

        /// <summary>
        /// The radius-4 Lanczos kernel at the eight taps around a position <paramref name="fraction"/> past a pixel,
        /// normalised to sum to one, computed in the precisions OpenCV computes it in so that the rounded weights are
        /// its own. For a tap t away, sin(πt)·sin(πt/4)/(π²t²/4); sin(πt) is the same for every tap but for its sign,
        /// so it cancels in the normalisation and only the sign is kept: sin(a₀ + 5·tap·π/4)/a², with a = −πt/4 and
        /// a₀ the first tap's a, the sine of the sum taken from a₀'s sine and cosine.
        /// </summary>
        private static void Coefficients(float fraction, Span<float> coefficients)
        {
            var first = -(fraction + 3) * Math.PI * 0.25;
            var (sine, cosine) = (Math.Sin(first), Math.Cos(first));
            var sum = 0f;
            for (var tap = 0; tap < Taps; tap++)
            {
                var distance = fraction + 3 - tap;
                if (MathF.Abs(distance) < 1e-6f)
                {
                    // On a pixel: that tap alone, whatever the others come to.
                    coefficients[tap] = 1e30f;
                }
                else
                {
                    var angle = -distance * Math.PI * 0.25;
                    var (turnCosine, turnSine) = Turn[tap];
                    coefficients[tap] = (float)((turnCosine * sine + turnSine * cosine) / (angle * angle));
                }
                sum += coefficients[tap];
            }
            var inverse = 1f / sum;
            for (var tap = 0; tap < Taps; tap++)
            {
                coefficients[tap] *= inverse;
            }
        }

        /// <summary>√½, the cosine of 45°.</summary>
        private const double HalfRoot = 0.70710678118654752440084436210485;

        /// <summary>The cosine and sine of 5·tap·π/4, exactly: the eighth turns are multiples of 45°.</summary>
        private static readonly (double Cosine, double Sine)[] Turn =
        [
            (1, 0), (-HalfRoot, -HalfRoot), (0, 1), (HalfRoot, -HalfRoot), (-1, 0), (HalfRoot, HalfRoot), (0, -1), (-HalfRoot, HalfRoot),
        ];

    }
}
