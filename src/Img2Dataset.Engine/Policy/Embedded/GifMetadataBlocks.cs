namespace Img2Dataset.Engine.Policy.Embedded;

/// <summary>
/// The XMP packet and C2PA manifest store of a GIF, found by walking its blocks (GIF89a: header, logical screen
/// descriptor, colour tables, then extensions and images of length-prefixed sub-blocks up to the trailer 0x3B):
/// <list type="bullet">
/// <item>XMP: the application extension "XMP Data" with authentication code "XMP" (XMP Specification Part 3,
/// §1.1.2 "GIF"): the packet is written raw, not as sub-blocks, and ends where its 258-byte "magic trailer" (0x01,
/// 0xFF, 0xFE … 0x01, 0x00, 0x00) begins; the trailer makes a sub-block walk land on the block terminator.</item>
/// <item>C2PA: the application extension "C2PA_GIF" with authentication code 0x01 0x00 0x00 (C2PA Technical
/// Specification, "Embedding manifests into GIF"), the JUMBF store carried in its sub-blocks.</item>
/// </list>
/// </summary>
public static class GifMetadataBlocks
{
    private const byte ExtensionIntroducer = 0x21;
    private const byte ApplicationLabel = 0xFF;
    private const byte ImageSeparator = 0x2C;
    private static readonly byte[] XmpApplication = "XMP DataXMP"u8.ToArray();
    private static readonly byte[] C2paApplication = [.. "C2PA_GIF"u8, 0x01, 0x00, 0x00];
    /// <summary>Where the magic trailer begins: bytes that never occur in UTF-8 text.</summary>
    private static readonly byte[] MagicTrailerStart = [0x01, 0xFF, 0xFE];

    public static bool Recognises(ReadOnlySpan<byte> image) => image.StartsWith("GIF87a"u8) || image.StartsWith("GIF89a"u8);

    public static List<MetadataBlock> Find(ReadOnlyMemory<byte> image)
    {
        var blocks = new List<MetadataBlock>();
        var span = image.Span;
        if (span.Length < 13)
        {
            return blocks;
        }
        var at = 13 + ColourTableLength(span[10]);
        while (at < span.Length)
        {
            var introducer = span[at];
            if (introducer == ExtensionIntroducer && at + 1 < span.Length)
            {
                at = Extension(image, at, blocks);
            }
            else if (introducer == ImageSeparator && at + 10 < span.Length)
            {
                at += 10 + ColourTableLength(span[at + 9]);
                // The LZW minimum code size, then the image's sub-blocks.
                at = SkipSubBlocks(span, at + 1);
            }
            else
            {
                break;
            }
        }
        return blocks;
    }

    /// <summary>The bytes of a colour table its packed field announces: 3 × 2^(N+1) when the flag is set.</summary>
    private static int ColourTableLength(byte packed) => (packed & 0x80) == 0 ? 0 : 3 * (1 << ((packed & 0x07) + 1));

    /// <summary>Reads the extension at <paramref name="at"/>; where the walk goes on, past its terminator.</summary>
    private static int Extension(ReadOnlyMemory<byte> image, int at, List<MetadataBlock> blocks)
    {
        var span = image.Span;
        var label = span[at + 1];
        var data = at + 2;
        if (label == ApplicationLabel && data + 12 <= span.Length && span[data] == 11)
        {
            var application = span.Slice(data + 1, 11);
            var payload = data + 12;
            if (application.SequenceEqual(XmpApplication))
            {
                var length = span[payload..].IndexOf(MagicTrailerStart);
                if (length >= 0)
                {
                    blocks.Add(new MetadataBlock(MetadataBlockKind.Xmp, image.Slice(payload, length), "GIF XMP application extension"));
                }
            }
            else if (application.SequenceEqual(C2paApplication))
            {
                blocks.Add(new MetadataBlock(MetadataBlockKind.Jumbf, Concatenate(span, payload), "GIF C2PA_GIF application extension"));
            }
        }
        return SkipSubBlocks(span, data);
    }

    /// <summary>Past a run of sub-blocks (a length byte, that many bytes) and its zero terminator, or the end of the body.</summary>
    private static int SkipSubBlocks(ReadOnlySpan<byte> span, int at)
    {
        while (at < span.Length && span[at] != 0)
        {
            at += 1 + span[at];
        }
        return Math.Min(at + 1, span.Length + 1);
    }

    private static byte[] Concatenate(ReadOnlySpan<byte> span, int at)
    {
        using var joined = new MemoryStream();
        while (at < span.Length && span[at] != 0)
        {
            var length = Math.Min(span[at], span.Length - at - 1);
            joined.Write(span.Slice(at + 1, length));
            at += 1 + span[at];
        }
        return joined.ToArray();
    }
}
