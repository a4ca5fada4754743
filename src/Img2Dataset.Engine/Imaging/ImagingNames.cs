using SixLabors.ImageSharp.Processing.Processors.Transforms;
using KnownResamplers = SixLabors.ImageSharp.Processing.KnownResamplers;

namespace Img2Dataset.Engine.Imaging;

/// <summary>img2dataset's option spellings for resize modes, encode formats and interpolations.</summary>
public static class ImagingNames
{
    public static IReadOnlyList<string> ResizeModes { get; } = ["no", "border", "keep_ratio", "keep_ratio_largest", "center_crop"];
    public static IReadOnlyList<string> EncodeFormats { get; } = ["jpg", "png", "webp"];
    public static IReadOnlyList<string> Interpolations { get; } = ["nearest", "linear", "bilinear", "cubic", "bicubic", "area", "lanczos", "lanczos4"];

    public static ResizeMode ParseResizeMode(string name) => name.Trim().ToLowerInvariant() switch
    {
        "no" => ResizeMode.No,
        "border" => ResizeMode.Border,
        "keep_ratio" => ResizeMode.KeepRatio,
        "keep_ratio_largest" => ResizeMode.KeepRatioLargest,
        "center_crop" => ResizeMode.CenterCrop,
        _ => throw new ArgumentException($"Invalid option for resize_mode: {name}; expected one of {string.Join(", ", ResizeModes)}.", nameof(name)),
    };

    public static EncodeFormat ParseEncodeFormat(string name) => name.Trim().ToLowerInvariant() switch
    {
        "jpg" => EncodeFormat.Jpg,
        "png" => EncodeFormat.Png,
        "webp" => EncodeFormat.Webp,
        _ => throw new ArgumentException($"Invalid encode format {name}; expected jpg, png or webp.", nameof(name)),
    };

    public static string Extension(EncodeFormat format) => format.ToString().ToLowerInvariant();

    /// <summary>Whether the interpolation is OpenCV's INTER_AREA, which <see cref="AreaResizer"/> does itself when shrinking.</summary>
    public static bool IsArea(string name) => name.Trim().ToLowerInvariant() == "area";

    /// <summary>
    /// The closest ImageSharp resampler to each OpenCV interpolation: area is box averaging (used only where
    /// <see cref="AreaResizer"/> does not apply: enlarging, or a pixel type it does not take) and lanczos4 is OpenCV's
    /// own radius-4 kernel (<see cref="Lanczos4Resampler"/>).
    /// </summary>
    public static IResampler ParseInterpolation(string name) => name.Trim().ToLowerInvariant() switch
    {
        "nearest" => KnownResamplers.NearestNeighbor,
        "linear" or "bilinear" => KnownResamplers.Triangle,
        "cubic" or "bicubic" => KnownResamplers.Bicubic,
        "area" => KnownResamplers.Box,
        "lanczos" or "lanczos4" => new Lanczos4Resampler(),
        _ => throw new ArgumentException($"Invalid option for interpolation: {name.Trim().ToLowerInvariant()}; expected one of {string.Join(", ", Interpolations)}.", nameof(name)),
    };
}
