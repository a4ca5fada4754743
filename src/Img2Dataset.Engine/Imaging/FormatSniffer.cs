namespace Img2Dataset.Engine.Imaging;

/// <summary>
/// The reference's test (Python imghdr) for "the source already is in the target format" under skip_reencode:
/// JPEG when bytes 6–9 are JFIF or Exif or the file starts FF D8 FF DB; PNG and WebP by their signatures.
/// </summary>
public static class FormatSniffer
{
    public static bool Is(ReadOnlySpan<byte> bytes, EncodeFormat format) => format switch
    {
        EncodeFormat.Jpg => bytes.Length >= 10 && (bytes[6..10].SequenceEqual("JFIF"u8) || bytes[6..10].SequenceEqual("Exif"u8))
                            || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF, 0xDB]),
        EncodeFormat.Png => bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        EncodeFormat.Webp => bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8),
        _ => false,
    };

    /// <summary>The format bytes are in by their signature; JPEG when unsure (the reference names everything .jpg then).</summary>
    public static EncodeFormat Detect(ReadOnlySpan<byte> bytes) =>
        Is(bytes, EncodeFormat.Png) ? EncodeFormat.Png : Is(bytes, EncodeFormat.Webp) ? EncodeFormat.Webp : EncodeFormat.Jpg;

    /// <summary>
    /// Whether a JPEG or PNG ends as it should. ImageSharp decodes a truncated file by filling the rest with grey; the
    /// reference's decoder refuses it, and so do we.
    /// </summary>
    public static bool LooksComplete(ReadOnlySpan<byte> bytes, string formatName)
    {
        var tail = bytes[Math.Max(0, bytes.Length - 64)..];
        return formatName switch
        {
            "JPEG" => tail.IndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]) >= 0,
            "PNG" => tail.IndexOf("IEND"u8) >= 0,
            _ => true,
        };
    }
}
