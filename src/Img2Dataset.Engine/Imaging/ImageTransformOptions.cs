namespace Img2Dataset.Engine.Imaging;

/// <summary>img2dataset's image options: filters, resizing, re-encoding and EXIF.</summary>
public sealed record ImageTransformOptions
{
    public int ImageSize { get; init; } = 256;
    public ResizeMode ResizeMode { get; init; } = ResizeMode.Border;
    public bool ResizeOnlyIfBigger { get; init; }
    public string UpscaleInterpolation { get; init; } = "lanczos";
    public string DownscaleInterpolation { get; init; } = "area";
    public EncodeFormat EncodeFormat { get; init; } = EncodeFormat.Jpg;
    /// <summary>JPEG/WebP quality 0–100; for PNG the compression level 0–9.</summary>
    public int EncodeQuality { get; init; } = 95;
    public bool SkipReencode { get; init; }
    /// <summary>JPEGs at least twice their scaled size decoded at 1/2, 1/4 or 1/8 scale first (<see cref="ScaledJpegDecoder"/>).</summary>
    public bool ShrinkOnLoad { get; init; }
    public bool DisableAllReencoding { get; init; }
    public int MinImageSize { get; init; }
    public double MaxImageArea { get; init; } = double.PositiveInfinity;
    public double MaxAspectRatio { get; init; } = double.PositiveInfinity;
    public bool ExtractExif { get; init; } = true;
    /// <summary>Decompression-bomb limit: images with more pixels are refused from their header, before decoding.</summary>
    public long MaxPixels { get; init; } = 100_000_000;

    /// <summary>What the transform does, in img2dataset's words: "border 256, jpg quality 95, exif".</summary>
    public string Describe() => DisableAllReencoding
        ? "no decoding, images kept as downloaded"
        : $"{ImagingNames.ResizeModes[(int)ResizeMode]} {ImageSize}, {ImagingNames.Extension(EncodeFormat)} quality {EncodeQuality}{(ExtractExif ? ", exif" : "")}{(SkipReencode ? ", originals kept where nothing changes them" : "")}{(ShrinkOnLoad ? ", large JPEGs decoded at reduced scale" : "")}";

    public void Validate()
    {
        if (ImageSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ImageSize), ImageSize, "ImageSize must be at least 1.");
        }
        if (EncodeFormat == EncodeFormat.Png && EncodeQuality is < 0 or > 9)
        {
            throw new ArgumentOutOfRangeException(nameof(EncodeQuality), EncodeQuality,
                $"For png, encode quality represents compression which must be between 0 and 9, got {EncodeQuality}.");
        }
        if (EncodeQuality is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(EncodeQuality), EncodeQuality, "EncodeQuality must be between 0 and 100.");
        }
        if (MinImageSize < 0 || MaxImageArea <= 0 || MaxAspectRatio < 1 || MaxPixels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinImageSize),
                "Filters must be sensible: MinImageSize >= 0, MaxImageArea > 0, MaxAspectRatio >= 1, MaxPixels >= 1.");
        }
        ImagingNames.ParseInterpolation(UpscaleInterpolation);
        ImagingNames.ParseInterpolation(DownscaleInterpolation);
    }
}
