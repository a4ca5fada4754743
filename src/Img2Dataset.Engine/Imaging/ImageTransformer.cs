using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Input;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Img2Dataset.Engine.Imaging;

/// <summary>
/// Turns a downloaded image into a dataset sample: header first (filters and the decompression-bomb limit are applied
/// before any pixel is decoded), then decode straight to the smallest pixel type (L8 for grey, Rgb24 otherwise; alpha
/// composited over white), orient by EXIF, scale, blur boxes, pad or crop, and encode. One image per call, on the
/// calling thread: ImageSharp's own parallelism is off so the caller can run one image per core.
/// </summary>
public sealed class ImageTransformer
{
    public const string DecodingError = "Image decoding error";
    private const int BytesPerPixel = 4;
    private readonly ImageTransformOptions options;
    private readonly Configuration configuration;
    private readonly Interpolation upscale;
    private readonly Interpolation downscale;
    private readonly IImageEncoder encoder;
    private readonly IImageEncoder grayEncoder;

    public ImageTransformer(ImageTransformOptions options)
    {
        options.Validate();
        this.options = options;
        configuration = BoundedConfiguration(options.MaxPixels);
        upscale = ImagingNames.ParseInterpolation(options.UpscaleInterpolation);
        downscale = ImagingNames.ParseInterpolation(options.DownscaleInterpolation);
        encoder = Encoder(options, gray: false);
        grayEncoder = Encoder(options, gray: true);
    }

    /// <summary>
    /// ImageSharp bounded for hostile input: one image per call (no inner parallelism), only the first frame of
    /// multi-frame formats (as the reference, which reads images with OpenCV's imdecode), and no pixel buffer larger
    /// than MaxPixels of the widest pixel type, so a header that lies about its size cannot make it allocate more.
    /// Animated WebP needs no bound: ImageSharp 2.1 refuses it before decoding a frame (so does OpenCV's imdecode).
    /// </summary>
    private static Configuration BoundedConfiguration(long maxPixels)
    {
        var configuration = Configuration.Default.Clone();
        configuration.MaxDegreeOfParallelism = 1;
        configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First, MaxFrames = 1 });
        configuration.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });
        configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
        {
            AllocationLimitMegabytes = (int)Math.Clamp(maxPixels * BytesPerPixel / (1024 * 1024) + 1, 1, int.MaxValue),
        });
        return configuration;
    }

    /// <summary>
    /// Transforms two generated JPEGs, a photo-sized one and a thumbnail, and drops the results, so that the decode,
    /// resize (shrinking and, at the usual sizes, enlarging) and encode code of this configuration is compiled on the
    /// calling thread before any download starts. Compiled later, by the first images while the HTTP code of the
    /// downloads is being compiled too, the same machine code made the whole job cost 15–25% more CPU in about half the
    /// runs (README, benchmark section, measured 2026-11-25).
    /// </summary>
    public void WarmUp()
    {
        var rows = new PlainUrlRows();
        foreach (var (width, height) in new[] { (400, 300), (8, 6) })
        {
            Transform(new DownloadedImage { Row = rows.Next("warm-up.jpg"), Status = SampleStatus.Success, Bytes = WarmUpJpeg(width, height) });
        }
    }

    /// <summary>4:2:0 JPEG at quality 90, as most photographs on the web are, with detail in every block.</summary>
    private static byte[] WarmUpJpeg(int width, int height)
    {
        using var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] = new Rgb24((byte)x, (byte)y, (byte)(x ^ y));
                }
            }
        });
        using var jpeg = new MemoryStream();
        image.SaveAsJpeg(jpeg, new JpegEncoder { Quality = 90, ColorType = JpegColorType.YCbCrRatio420 });
        return jpeg.ToArray();
    }

    /// <summary>A fault no rule below foresaw is still only this image's failure.</summary>
    public DatasetSample Unexpected(DownloadedImage download, Exception e) =>
        Fail(download, $"Unexpected error while transforming: {e.GetType().Name}: {e.Message}");

    public DatasetSample Transform(DownloadedImage download)
    {
        if (!download.Succeeded || download.Bytes is null)
        {
            return new DatasetSample
            {
                Download = download, Status = download.Status, ErrorMessage = download.ErrorMessage,
                EncodeFormat = options.EncodeFormat, ExtractExif = options.ExtractExif,
            };
        }
        var bytes = download.Bytes;
        IImageInfo? info;
        IImageFormat? format;
        try
        {
            info = Image.Identify(configuration, bytes, out format);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidDataException)
        {
            info = null;
            format = null;
        }
        if (options.DisableAllReencoding)
        {
            return Success(download, bytes, null, null, null, info);
        }
        if (info is null || format is null || !FormatSniffer.LooksComplete(bytes, format.Name))
        {
            return Fail(download, DecodingError);
        }
        try
        {
            return Decode(download, bytes, info, format);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidDataException)
        {
            return Fail(download, DecodingError);
        }
        catch (InvalidMemoryOperationException)
        {
            return Fail(download, $"image needs a pixel buffer larger than the {options.MaxPixels}-pixel limit allows");
        }
        catch (Exception e)
        {
            return Fail(download, e.Message);
        }
    }

    private DatasetSample Decode(DownloadedImage download, byte[] bytes, IImageInfo info, IImageFormat format)
    {
        var orientation = info.Metadata.ExifProfile?.GetValue(ExifTag.Orientation)?.Value ?? 1;
        var turned = IsTurned(orientation);
        var (width, height) = turned ? (info.Height, info.Width) : (info.Width, info.Height);
        if (Filter(width, height, (long)info.Width * info.Height) is { } rejection)
        {
            return Fail(download, rejection);
        }
        var plan = ResizePlan.For(width, height, options.ResizeMode, options.ImageSize, options.ResizeOnlyIfBigger);
        var boxes = download.Row.Bboxes ?? [];
        var original = (width, height);
        if (format is JpegFormat && KeepsOriginalBytes(plan, boxes.Count, orientation, hadAlpha: false, bytes))
        {
            // A JPEG has no alpha, so the original bytes can be kept without decoding a pixel.
            return Success(download, bytes, width, height, original, info);
        }
        if (IsGray(info, format))
        {
            using var gray = ShrunkOnLoad<L8>(bytes, info, format, plan, orientation, boxes.Count) ?? Image.Load<L8>(configuration, bytes);
            return Finish(download, bytes, gray, plan, orientation, original, hadAlpha: false, info, grayEncoder);
        }
        if (format is JpegFormat)
        {
            using var rgb = ShrunkOnLoad<Rgb24>(bytes, info, format, plan, orientation, boxes.Count) ?? Image.Load<Rgb24>(configuration, bytes);
            return Finish(download, bytes, rgb, plan, orientation, original, hadAlpha: false, info, encoder);
        }
        using var rgba = Image.Load<Rgba32>(configuration, bytes);
        var hadAlpha = AlphaCompositing.HasTransparency(rgba);
        using var flattened = AlphaCompositing.OverWhite(rgba);
        return Finish(download, bytes, flattened, plan, orientation, original, hadAlpha, info, encoder);
    }

    /// <summary>
    /// With -ShrinkOnLoad, a JPEG to be scaled down decoded at a reduced scale that still covers the scaled size (in the
    /// stored frame: a turned image's scaled size turned back), carrying the EXIF profile so it is oriented as a full
    /// decode is; null otherwise (or when it cannot be), so it is decoded in full. Not for an image with boxes to blur:
    /// they are placed in the original's pixels.
    /// </summary>
    private Image<TPixel>? ShrunkOnLoad<TPixel>(byte[] bytes, IImageInfo info, IImageFormat format, ResizePlan plan, ushort orientation, int boxCount)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        if (!options.ShrinkOnLoad || format is not JpegFormat || !plan.Acts || !plan.Downscale || boxCount > 0)
        {
            return null;
        }
        var (neededWidth, neededHeight) = IsTurned(orientation) ? (plan.ScaledHeight, plan.ScaledWidth) : (plan.ScaledWidth, plan.ScaledHeight);
        var image = ScaledJpegDecoder.TryDecode<TPixel>(bytes, info.Width, info.Height, neededWidth, neededHeight, configuration);
        if (image is not null && orientation != 1)
        {
            image.Metadata.ExifProfile = info.Metadata.ExifProfile?.DeepClone();
        }
        return image;
    }

    /// <summary>EXIF orientations 5–8 turn the image a quarter: its width and height trade places.</summary>
    private static bool IsTurned(ushort orientation) => orientation is >= 5 and <= 8;

    /// <summary>
    /// skip_reencode keeps the downloaded bytes only when nothing would change the pixels: no resize, blur, alpha or
    /// rotation, and the bytes already are in the target format.
    /// </summary>
    private bool KeepsOriginalBytes(ResizePlan plan, int boxCount, ushort orientation, bool hadAlpha, byte[] bytes) =>
        options.SkipReencode && !plan.Acts && boxCount == 0 && orientation == 1 && !hadAlpha && FormatSniffer.Is(bytes, options.EncodeFormat);

    private DatasetSample Finish<TPixel>(DownloadedImage download, byte[] bytes, Image<TPixel> image, ResizePlan plan, ushort orientation,
        (int Width, int Height) original, bool hadAlpha, IImageInfo info, IImageEncoder chosenEncoder)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        if (orientation != 1)
        {
            image.Mutate(configuration, x => x.AutoOrient());
        }
        using var resized = plan.Scales(image.Width, image.Height) ? Resized(plan, image) : null;
        var scaled = resized ?? image;
        var boxes = download.Row.Bboxes ?? [];
        Blurrer.Apply(scaled, boxes);
        if (plan.Crops)
        {
            scaled.Mutate(configuration, x => x.Crop(new Rectangle(plan.OffsetX, plan.OffsetY, plan.FinalWidth, plan.FinalHeight)));
        }
        using var padded = plan.Pads ? Padding.OnWhite(scaled, plan.FinalWidth, plan.FinalHeight, plan.OffsetX, plan.OffsetY) : null;
        var output = padded ?? scaled;
        if (KeepsOriginalBytes(plan, boxes.Count, orientation, hadAlpha, bytes))
        {
            return Success(download, bytes, output.Width, output.Height, original, info);
        }
        using var encoded = new MemoryStream();
        output.Save(encoded, chosenEncoder);
        return Success(download, encoded.ToArray(), output.Width, output.Height, original, info);
    }

    /// <summary>
    /// The image at the plan's scaled size. The reference's defaults are OpenCV's own pixels: INTER_AREA shrinking
    /// (<see cref="AreaResizer"/>) and INTER_LANCZOS4 (<see cref="Lanczos4Resizer"/>); the other interpolations, and
    /// area enlarging, are ImageSharp's closest resamplers, resizing the image in place (null then).
    /// </summary>
    private Image<TPixel>? Resized<TPixel>(ResizePlan plan, Image<TPixel> image) where TPixel : unmanaged, IPixel<TPixel>
    {
        var interpolation = plan.Downscale ? downscale : upscale;
        if (interpolation == Interpolation.Lanczos4)
        {
            return Lanczos4Resizer.Resize(image, plan.ScaledWidth, plan.ScaledHeight);
        }
        if (interpolation == Interpolation.Area && AreaResizer.Takes<TPixel>(image.Width, image.Height, plan.ScaledWidth, plan.ScaledHeight))
        {
            return AreaResizer.Shrink(image, plan.ScaledWidth, plan.ScaledHeight);
        }
        image.Mutate(configuration, x => x.Resize(OpaqueResize(plan, interpolation)));
        return null;
    }

    /// <summary>
    /// ImageSharp's resampler for the interpolations our own resizers do not do: nearest, linear and cubic, and area
    /// when enlarging (box; OpenCV's INTER_AREA enlarging is another method again). Every image reaching the resize is
    /// opaque (L8, Rgb24, or alpha already composited over white), so alpha premultiplication, on by default, would
    /// multiply and divide each pixel by one for nothing.
    /// </summary>
    private static ResizeOptions OpaqueResize(ResizePlan plan, Interpolation interpolation) => new()
    {
        Size = new Size(plan.ScaledWidth, plan.ScaledHeight),
        Mode = SixLabors.ImageSharp.Processing.ResizeMode.Stretch,
        Sampler = interpolation switch
        {
            Interpolation.Nearest => KnownResamplers.NearestNeighbor,
            Interpolation.Linear => KnownResamplers.Triangle,
            Interpolation.Cubic => KnownResamplers.Bicubic,
            _ => KnownResamplers.Box,
        },
        PremultiplyAlpha = false,
    };

    private string? Filter(int width, int height, long pixels)
    {
        if (Math.Min(width, height) < options.MinImageSize)
        {
            return "image too small";
        }
        if ((double)width * height > options.MaxImageArea)
        {
            return "image area too large";
        }
        if ((double)Math.Max(width, height) / Math.Max(1, Math.Min(width, height)) > options.MaxAspectRatio)
        {
            return "aspect ratio too large";
        }
        return pixels > options.MaxPixels ? $"image too large to decode: {width}x{height} is more than {options.MaxPixels} pixels" : null;
    }

    private DatasetSample Success(DownloadedImage download, byte[] bytes, int? width, int? height, (int Width, int Height)? original, IImageInfo? info) => new()
    {
        Download = download,
        Status = SampleStatus.Success,
        Bytes = bytes,
        EncodeFormat = options.EncodeFormat,
        Width = width,
        Height = height,
        OriginalWidth = original?.Width,
        OriginalHeight = original?.Height,
        Exif = options.ExtractExif ? ExifExtractor.ToJson(info?.Metadata.ExifProfile) : null,
        ExtractExif = options.ExtractExif,
    };

    private DatasetSample Fail(DownloadedImage download, string message) => new()
    {
        Download = download,
        Status = SampleStatus.FailedToResize,
        ErrorMessage = message,
        EncodeFormat = options.EncodeFormat,
        ExtractExif = options.ExtractExif,
    };

    private static bool IsGray(IImageInfo info, IImageFormat format) => format switch
    {
        JpegFormat => info.Metadata.GetJpegMetadata().ColorType == JpegColorType.Luminance,
        PngFormat => info.Metadata.GetPngMetadata().ColorType == PngColorType.Grayscale,
        _ => false,
    };

    private static IImageEncoder Encoder(ImageTransformOptions options, bool gray) => options.EncodeFormat switch
    {
        EncodeFormat.Png => new PngEncoder
        {
            CompressionLevel = (PngCompressionLevel)options.EncodeQuality,
            ColorType = gray ? PngColorType.Grayscale : PngColorType.Rgb,
        },
        EncodeFormat.Webp => new WebpEncoder { Quality = Math.Max(1, options.EncodeQuality), FileFormat = WebpFileFormatType.Lossy },
        _ => new JpegEncoder
        {
            Quality = Math.Max(1, options.EncodeQuality),
            ColorType = gray ? JpegColorType.Luminance : JpegColorType.YCbCrRatio420,
        },
    };
}
