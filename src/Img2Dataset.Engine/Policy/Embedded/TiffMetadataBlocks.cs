using System.Buffers.Binary;

namespace Img2Dataset.Engine.Policy.Embedded;

/// <summary>
/// The XMP packet and C2PA manifest store of a TIFF, read from the entries of its first image file directory:
/// tag 700 (XMP Specification Part 3, §1.1.7 "TIFF": "XMP packet", of type BYTE or UNDEFINED) and tag 0xCD41
/// (C2PA Technical Specification, "Embedding manifests into TIFF": the store, of type UNDEFINED, in IFD0). Both byte
/// orders; classic TIFF only (a BigTIFF states nothing). Each value's offset and count are checked against the body.
/// </summary>
public static class TiffMetadataBlocks
{
    private const ushort XmpTag = 700;
    private const ushort C2paTag = 0xCD41;
    private const int EntrySize = 12;

    public static bool Recognises(ReadOnlySpan<byte> image) =>
        image.StartsWith("II\x2A\0"u8) || image.StartsWith("MM\0\x2A"u8);

    public static List<MetadataBlock> Find(ReadOnlyMemory<byte> image)
    {
        var blocks = new List<MetadataBlock>();
        var span = image.Span;
        var little = span[0] == (byte)'I';
        if (span.Length < 8 || Read32(span[4..], little) is var ifd && (ifd < 8 || ifd > span.Length - 2))
        {
            return blocks;
        }
        var entries = Read16(span[(int)ifd..], little);
        for (var index = 0; index < entries; index++)
        {
            var entry = (int)ifd + 2 + index * EntrySize;
            if (entry + EntrySize > span.Length)
            {
                break;
            }
            var tag = Read16(span[entry..], little);
            if ((tag == XmpTag || tag == C2paTag) && Value(image, entry, little) is { } value)
            {
                blocks.Add(tag == XmpTag
                    ? new MetadataBlock(MetadataBlockKind.Xmp, value, "TIFF tag 700 XMP")
                    : new MetadataBlock(MetadataBlockKind.Jumbf, value, "TIFF tag 0xCD41 C2PA"));
            }
        }
        return blocks;
    }

    /// <summary>The bytes of a BYTE or UNDEFINED entry: inline when four or fewer, else at its offset; null when outside the body.</summary>
    private static ReadOnlyMemory<byte>? Value(ReadOnlyMemory<byte> image, int entry, bool little)
    {
        var span = image.Span;
        var type = Read16(span[(entry + 2)..], little);
        var count = Read32(span[(entry + 4)..], little);
        if (type is not (1 or 7) || count > int.MaxValue)
        {
            return null;
        }
        if (count <= 4)
        {
            return image.Slice(entry + 8, (int)count);
        }
        var offset = Read32(span[(entry + 8)..], little);
        return (ulong)offset + count <= (ulong)span.Length ? image.Slice((int)offset, (int)count) : null;
    }

    private static ushort Read16(ReadOnlySpan<byte> span, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(span) : BinaryPrimitives.ReadUInt16BigEndian(span);

    private static uint Read32(ReadOnlySpan<byte> span, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(span) : BinaryPrimitives.ReadUInt32BigEndian(span);
}
