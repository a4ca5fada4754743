using System.Collections.Concurrent;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace Img2Dataset.ImageServer;

/// <summary>The bodies the server can serve, generated once per distinct request and cached so serving costs no CPU.</summary>
public sealed class ImageCatalog
{
    private const int MaxSide = 8192;
    private readonly ConcurrentDictionary<string, ServedBody> cache = new();

    /// <summary>Parses <c>{w}x{h}/{seed}.{ext}</c> with an optional variant (alpha, gray); null when the path is not an image.</summary>
    public ServedBody? FindImage(string sizeSegment, string fileName, string? variant)
    {
        var size = sizeSegment.Split('x');
        var dot = fileName.LastIndexOf('.');
        if (size.Length != 2 || dot <= 0
            || !int.TryParse(size[0], out var width) || !int.TryParse(size[1], out var height)
            || !int.TryParse(fileName[..dot], out var seed)
            || width is < 1 or > MaxSide || height is < 1 or > MaxSide)
        {
            return null;
        }
        var extension = fileName[(dot + 1)..].ToLowerInvariant();
        if (ContentType(extension) is not { } contentType || variant is not (null or "alpha" or "gray"))
        {
            return null;
        }
        return cache.GetOrAdd($"{width}x{height}/{seed}.{extension}/{variant}",
            _ => new ServedBody(Encode(width, height, seed, extension, variant), contentType));
    }

    /// <summary>Bodies that look like images to a naive client but are not valid ones.</summary>
    public ServedBody? FindBroken(string name) => name switch
    {
        "truncated.jpg" => cache.GetOrAdd("broken/truncated", _ =>
        {
            var whole = Encode(320, 240, 1, "jpg", null);
            return new ServedBody(whole[..(whole.Length / 2)], "image/jpeg");
        }),
        "html.jpg" => new ServedBody("<!DOCTYPE html><html><body>Not an image</body></html>"u8.ToArray(), "image/jpeg"),
        "empty.jpg" => new ServedBody([], "image/jpeg"),
        _ => null,
    };

    private static string? ContentType(string extension) => extension switch
    {
        "jpg" or "jpeg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "gif" => "image/gif",
        _ => null,
    };

    private static byte[] Encode(int width, int height, int seed, string extension, string? variant)
    {
        using var photo = PhotoGenerator.Create(width, height, seed, withAlpha: variant == "alpha");
        using var output = new MemoryStream();
        if (variant == "gray")
        {
            using var gray = photo.CloneAs<L8>();
            gray.Save(output, Encoder(extension, variant));
        }
        else
        {
            photo.Save(output, Encoder(extension, variant));
        }
        return output.ToArray();
    }

    private static IImageEncoder Encoder(string extension, string? variant) => extension switch
    {
        "png" => new PngEncoder
        {
            ColorType = variant switch { "alpha" => PngColorType.RgbWithAlpha, "gray" => PngColorType.Grayscale, _ => PngColorType.Rgb },
        },
        "webp" => new WebpEncoder { Quality = 85, FileFormat = variant == "alpha" ? WebpFileFormatType.Lossless : WebpFileFormatType.Lossy },
        "gif" => new GifEncoder(),
        _ => new JpegEncoder { Quality = 90, ColorType = variant == "gray" ? JpegColorType.Luminance : JpegColorType.YCbCrRatio420 },
    };
}
