using System.Buffers;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;

namespace Img2Dataset.Engine.Imaging;

/// <summary>
/// Shrink-on-load (-ShrinkOnLoad): a JPEG at least twice its target is decoded at 1/2, 1/4 or 1/8 scale inside
/// libjpeg-turbo's inverse DCT (through SkiaSharp), so most of the decode and of the resize are never done; ImageSharp
/// then resizes and encodes as for every other image. Hostile input is bounded before this runs: the transformer has
/// read the header with ImageSharp and applied every size limit, the scaled bitmap is smaller than the full one, and a
/// JPEG Skia cannot decode completely is left to ImageSharp (and fails there as it would have). Where Skia's native
/// library cannot load (a platform without it), every image is decoded by ImageSharp.
/// </summary>
public static class ScaledJpegDecoder
{
    private static readonly int[] Denominators = [8, 4, 2];
    private static readonly Lazy<bool> Loaded = new(CanLoad);

    /// <summary>Whether Skia's native library loads here; without it -ShrinkOnLoad decodes as if it were off.</summary>
    public static bool IsAvailable => Loaded.Value;

    /// <summary>
    /// The largest reduction (8, 4, 2) that still leaves at least <paramref name="neededWidth"/> × <paramref name="neededHeight"/>
    /// pixels (libjpeg rounds scaled sizes up); 1 when none does.
    /// </summary>
    public static int Denominator(int width, int height, int neededWidth, int neededHeight) =>
        Denominators.FirstOrDefault(d => (width + d - 1) / d >= neededWidth && (height + d - 1) / d >= neededHeight, 1);

    /// <summary>
    /// The JPEG decoded at the largest scale that still covers the needed size, as Rgb24 or, for a grey JPEG, L8; null
    /// when no reduction applies or Skia cannot decode it (the caller decodes it in full with ImageSharp).
    /// </summary>
    public static Image<TPixel>? TryDecode<TPixel>(byte[] jpeg, int width, int height, int neededWidth, int neededHeight, Configuration configuration)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        var denominator = Denominator(width, height, neededWidth, neededHeight);
        if (denominator == 1 || !IsAvailable)
        {
            return null;
        }
        using var data = SKData.CreateCopy(jpeg);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.EncodedFormat != SKEncodedImageFormat.Jpeg || codec.Info.Width != width || codec.Info.Height != height)
        {
            return null;
        }
        var size = codec.GetScaledDimensions(1f / denominator);
        if (size.Width < neededWidth || size.Height < neededHeight)
        {
            return null;
        }
        return Decode<TPixel>(codec, size, configuration);
    }

    /// <summary>Skia decodes straight to the pixel type the transformer works in: one byte a pixel for grey, RGBA for colour.</summary>
    private static Image<TPixel>? Decode<TPixel>(SKCodec codec, SKSizeI size, Configuration configuration) where TPixel : unmanaged, IPixel<TPixel>
    {
        var gray = typeof(TPixel) == typeof(L8);
        var info = new SKImageInfo(size.Width, size.Height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque);
        var buffer = ArrayPool<byte>.Shared.Rent(info.BytesSize);
        var handle = GCHandle.Alloc(buffer, GCHandleType.Pinned);
        try
        {
            if (codec.GetPixels(info, handle.AddrOfPinnedObject()) != SKCodecResult.Success)
            {
                return null;
            }
            var image = new Image<TPixel>(configuration, size.Width, size.Height);
            image.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    var row = buffer.AsSpan(y * info.RowBytes, info.RowBytes);
                    if (gray)
                    {
                        PixelOperations<TPixel>.Instance.FromL8(configuration, MemoryMarshal.Cast<byte, L8>(row), rows.GetRowSpan(y));
                    }
                    else
                    {
                        PixelOperations<TPixel>.Instance.FromRgba32(configuration, MemoryMarshal.Cast<byte, Rgba32>(row), rows.GetRowSpan(y));
                    }
                }
            });
            return image;
        }
        finally
        {
            handle.Free();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool CanLoad()
    {
        try
        {
            return SKCodec.MinBufferedBytesNeeded > 0;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }
}
