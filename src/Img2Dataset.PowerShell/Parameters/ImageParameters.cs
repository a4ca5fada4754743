using System.Management.Automation;
using Img2Dataset.Engine.Imaging;

namespace Img2Dataset.PowerShell.Parameters;

/// <summary>
/// img2dataset's image options, declared once and served as dynamic parameters by every cmdlet that transforms
/// images (Resize-DatasetImage, Invoke-Img2Dataset).
/// </summary>
public sealed class ImageParameters
{
    [Parameter]
    [Alias("image_size")]
    [ValidateRange(1, 65535)]
    public int ImageSize { get; set; } = 256;

    [Parameter]
    [Alias("resize_mode")]
    [ValidateSet("no", "border", "keep_ratio", "keep_ratio_largest", "center_crop")]
    public string ResizeMode { get; set; } = "border";

    [Parameter]
    [Alias("resize_only_if_bigger")]
    public SwitchParameter ResizeOnlyIfBigger { get; set; }

    [Parameter]
    [Alias("upscale_interpolation")]
    [ValidateSet("nearest", "linear", "bilinear", "cubic", "bicubic", "area", "lanczos", "lanczos4")]
    public string UpscaleInterpolation { get; set; } = "lanczos";

    [Parameter]
    [Alias("downscale_interpolation")]
    [ValidateSet("nearest", "linear", "bilinear", "cubic", "bicubic", "area", "lanczos", "lanczos4")]
    public string DownscaleInterpolation { get; set; } = "area";

    [Parameter]
    [Alias("encode_format")]
    [ValidateSet("jpg", "png", "webp")]
    public string EncodeFormat { get; set; } = "jpg";

    [Parameter]
    [Alias("encode_quality")]
    [ValidateRange(0, 100)]
    public int? EncodeQuality { get; set; }

    [Parameter]
    [Alias("skip_reencode")]
    public SwitchParameter SkipReencode { get; set; }

    /// <summary>JPEGs at least twice their target decoded at reduced scale first: faster, pixels not the reference's (README).</summary>
    [Parameter]
    [Alias("shrink_on_load")]
    public SwitchParameter ShrinkOnLoad { get; set; }

    [Parameter]
    [Alias("disable_all_reencoding")]
    public SwitchParameter DisableAllReencoding { get; set; }

    [Parameter]
    [Alias("min_image_size")]
    [ValidateRange(0, int.MaxValue)]
    public int MinImageSize { get; set; }

    [Parameter]
    [Alias("max_image_area")]
    public double MaxImageArea { get; set; } = double.PositiveInfinity;

    [Parameter]
    [Alias("max_aspect_ratio")]
    public double MaxAspectRatio { get; set; } = double.PositiveInfinity;

    /// <summary>On by default, as in the reference; -ExtractExif:$false or -NoExif turns it off (no Boolean parameter).</summary>
    [Parameter]
    [Alias("extract_exif")]
    public SwitchParameter ExtractExif { get; set; } = new(true);

    [Parameter]
    public SwitchParameter NoExif { get; set; }

    [Parameter]
    [Alias("max_pixels")]
    [ValidateRange(1L, long.MaxValue)]
    public long MaxPixels { get; set; } = 100_000_000;

    public ImageTransformOptions Options
    {
        get
        {
            var format = ImagingNames.ParseEncodeFormat(EncodeFormat);
            return new ImageTransformOptions
            {
                ImageSize = ImageSize,
                ResizeMode = ImagingNames.ParseResizeMode(ResizeMode),
                ResizeOnlyIfBigger = ResizeOnlyIfBigger,
                UpscaleInterpolation = UpscaleInterpolation,
                DownscaleInterpolation = DownscaleInterpolation,
                EncodeFormat = format,
                // Unlike the reference, a png without an explicit quality gets the best compression instead of failing.
                EncodeQuality = EncodeQuality ?? (format == Engine.Imaging.EncodeFormat.Png ? 9 : 95),
                SkipReencode = SkipReencode,
                ShrinkOnLoad = ShrinkOnLoad,
                DisableAllReencoding = DisableAllReencoding,
                MinImageSize = MinImageSize,
                MaxImageArea = MaxImageArea,
                MaxAspectRatio = MaxAspectRatio,
                ExtractExif = ExtractExif && !NoExif,
                MaxPixels = MaxPixels,
            };
        }
    }
}
