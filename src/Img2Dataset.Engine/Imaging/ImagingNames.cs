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

    /// <summary>An interpolation by any of the names the reference's options take for it.</summary>
    public static Interpolation ParseInterpolation(string name) => name.Trim().ToLowerInvariant() switch
    {
        "nearest" => Interpolation.Nearest,
        "linear" or "bilinear" => Interpolation.Linear,
        "cubic" or "bicubic" => Interpolation.Cubic,
        "area" => Interpolation.Area,
        "lanczos" or "lanczos4" => Interpolation.Lanczos4,
        _ => throw new ArgumentException($"Invalid option for interpolation: {name.Trim().ToLowerInvariant()}; expected one of {string.Join(", ", Interpolations)}.", nameof(name)),
    };
}
