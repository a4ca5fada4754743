using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Img2Dataset.Engine.Policy.Embedded;

/// <summary>
/// Finds the XMP packets and JUMBF boxes of a JPEG, PNG, WebP, GIF, TIFF, HEIF or AVIF by walking its segments,
/// chunks or boxes, reading nothing else: a cheap pass over the container headers, bounded by the body's own length,
/// that stops at the first structural fault (what was found before it still counts). No library reads only these
/// blocks; the general metadata readers parse every directory of the file, which costs more than the whole download.
/// <list type="bullet">
/// <item>JPEG: APP1 segments named <c>http://ns.adobe.com/xap/1.0/</c> (XMP Specification Part 3, §1.1.3), APP11
/// segments with common identifier "JP" (ISO/IEC 19566-5 and C2PA Technical Specification, "Embedding manifests
/// into JPEG"), reassembled per box instance in packet-sequence order.</item>
/// <item>PNG: the iTXt chunk with keyword <c>XML:com.adobe.xmp</c> (XMP Part 3, §1.1.5) and the <c>caBX</c> chunk
/// (C2PA, "Embedding manifests into PNG").</item>
/// <item>WebP: the <c>XMP </c> chunk (WebP container specification) and the <c>C2PA</c> chunk (C2PA, "Embedding
/// manifests into RIFF-based formats").</item>
/// <item>GIF, TIFF and ISO BMFF (HEIF, AVIF): <see cref="GifMetadataBlocks"/>, <see cref="TiffMetadataBlocks"/>,
/// <see cref="BmffMetadataBlocks"/>.</item>
/// </list>
/// </summary>
public static class ImageMetadataBlocks
{
    /// <summary>
    /// What all the compressed XMP of one image may inflate to, together: the most the XMP reader takes (4 Mi
    /// characters). A PNG can hold any number of compressed iTXt chunks, each inflating a thousandfold: capped one by
    /// one, eight images of 1 MB took gigabytes.
    /// </summary>
    public const int MaxInflatedXmp = 4 * 1024 * 1024;
    private static readonly byte[] XmpNamespace = "http://ns.adobe.com/xap/1.0/\0"u8.ToArray();
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] PngXmpKeyword = "XML:com.adobe.xmp\0"u8.ToArray();

    public static List<MetadataBlock> Find(ReadOnlyMemory<byte> image)
    {
        var span = image.Span;
        if (span.Length >= 4 && span[0] == 0xFF && span[1] == 0xD8)
        {
            return Jpeg(image);
        }
        if (span.StartsWith(PngSignature))
        {
            return Png(image);
        }
        if (span.Length >= 12 && span.StartsWith("RIFF"u8) && span[8..12].SequenceEqual("WEBP"u8))
        {
            return WebP(image);
        }
        if (GifMetadataBlocks.Recognises(span))
        {
            return GifMetadataBlocks.Find(image);
        }
        if (TiffMetadataBlocks.Recognises(span))
        {
            return TiffMetadataBlocks.Find(image);
        }
        return BmffMetadataBlocks.Recognises(span) ? BmffMetadataBlocks.Find(image) : [];
    }

    private static List<MetadataBlock> Jpeg(ReadOnlyMemory<byte> image)
    {
        var blocks = new List<MetadataBlock>();
        var jumbfPackets = new List<(ushort Instance, uint Sequence, ReadOnlyMemory<byte> Box)>();
        var span = image.Span;
        var at = 2;
        while (at + 4 <= span.Length && span[at] == 0xFF)
        {
            var marker = span[at + 1];
            if (marker == 0xFF)
            {
                at++;
                continue;
            }
            if (marker is 0xD9 or 0xDA)
            {
                break;
            }
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                at += 2;
                continue;
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(span[(at + 2)..]);
            if (length < 2 || at + 2 + length > span.Length)
            {
                break;
            }
            var payload = image.Slice(at + 4, length - 2);
            if (marker == 0xE1 && payload.Span.StartsWith(XmpNamespace))
            {
                blocks.Add(new MetadataBlock(MetadataBlockKind.Xmp, payload[XmpNamespace.Length..], "JPEG APP1 XMP"));
            }
            else if (marker == 0xEB && payload.Length >= 16 && payload.Span.StartsWith("JP"u8))
            {
                jumbfPackets.Add((BinaryPrimitives.ReadUInt16BigEndian(payload.Span[2..]), BinaryPrimitives.ReadUInt32BigEndian(payload.Span[4..]), payload[8..]));
            }
            at += 2 + length;
        }
        if (jumbfPackets.Count == 0)
        {
            return blocks;
        }
        blocks.AddRange(jumbfPackets.GroupBy(p => p.Instance).Select(g => new MetadataBlock(MetadataBlockKind.Jumbf, Reassemble(g.OrderBy(p => p.Sequence).Select(p => p.Box)), "JPEG APP11 JUMBF")));
        return blocks;
    }

    /// <summary>The first packet holds the box from its header on; each later one repeats the header (LBox, TBox, and XLBox when LBox is 1) before its part of the payload.</summary>
    private static byte[] Reassemble(IEnumerable<ReadOnlyMemory<byte>> packets)
    {
        using var box = new MemoryStream();
        var first = true;
        foreach (var packet in packets)
        {
            var header = first ? 0 : BinaryPrimitives.ReadUInt32BigEndian(packet.Span) == 1 ? 16 : 8;
            if (packet.Length >= header)
            {
                box.Write(packet.Span[header..]);
            }
            first = false;
        }
        return box.ToArray();
    }

    private static List<MetadataBlock> Png(ReadOnlyMemory<byte> image)
    {
        var blocks = new List<MetadataBlock>();
        var span = image.Span;
        var at = PngSignature.Length;
        var inflateBudget = MaxInflatedXmp;
        while (at + 12 <= span.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(span[at..]);
            var type = span.Slice(at + 4, 4);
            if (length > span.Length - at - 12)
            {
                break;
            }
            var data = image.Slice(at + 8, (int)length);
            if (type.SequenceEqual("iTXt"u8) && data.Span.StartsWith(PngXmpKeyword) && PngXmpText(data[PngXmpKeyword.Length..], ref inflateBudget) is { } xmp)
            {
                blocks.Add(new MetadataBlock(MetadataBlockKind.Xmp, xmp, "PNG iTXt XML:com.adobe.xmp"));
            }
            else if (type.SequenceEqual("caBX"u8))
            {
                blocks.Add(new MetadataBlock(MetadataBlockKind.Jumbf, data, "PNG caBX JUMBF"));
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                break;
            }
            at += 12 + (int)length;
        }
        return blocks;
    }

    /// <summary>
    /// The text of an iTXt chunk after its keyword: compression flag and method, language tag, translated keyword,
    /// text, inflated when compressed within what is left of the image's <paramref name="inflateBudget"/> (a chunk
    /// once the budget is spent states nothing).
    /// </summary>
    private static ReadOnlyMemory<byte>? PngXmpText(ReadOnlyMemory<byte> rest, ref int inflateBudget)
    {
        var span = rest.Span;
        if (span.Length < 2)
        {
            return null;
        }
        var compressed = span[0] == 1;
        var at = 2;
        for (var field = 0; field < 2; field++)
        {
            var end = span[at..].IndexOf((byte)0);
            if (end < 0)
            {
                return null;
            }
            at += end + 1;
        }
        if (!compressed)
        {
            return rest[at..];
        }
        if (inflateBudget <= 0 || !MemoryMarshal.TryGetArray(rest[at..], out var deflated))
        {
            return null;
        }
        using var inflater = new ZLibStream(new MemoryStream(deflated.Array!, deflated.Offset, deflated.Count, writable: false), CompressionMode.Decompress);
        var inflated = new byte[Math.Min(inflateBudget, 64 * 1024)];
        var length = 0;
        try
        {
            int read;
            while (length < inflateBudget && (read = inflater.Read(inflated, length, Math.Min(inflated.Length, inflateBudget) - length)) > 0)
            {
                length += read;
                if (length == inflated.Length && inflated.Length < inflateBudget)
                {
                    Array.Resize(ref inflated, (int)Math.Min((long)inflated.Length * 2, inflateBudget));
                }
            }
        }
        catch (InvalidDataException)
        {
            return null;
        }
        inflateBudget -= length;
        return inflated.AsMemory(0, length);
    }

    private static List<MetadataBlock> WebP(ReadOnlyMemory<byte> image)
    {
        var blocks = new List<MetadataBlock>();
        var span = image.Span;
        var at = 12;
        while (at + 8 <= span.Length)
        {
            var type = span.Slice(at, 4);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(span[(at + 4)..]);
            if (length > span.Length - at - 8)
            {
                break;
            }
            var data = image.Slice(at + 8, (int)length);
            if (type.SequenceEqual("XMP "u8))
            {
                blocks.Add(new MetadataBlock(MetadataBlockKind.Xmp, data, "WebP XMP chunk"));
            }
            else if (type.SequenceEqual("C2PA"u8))
            {
                blocks.Add(new MetadataBlock(MetadataBlockKind.Jumbf, data, "WebP C2PA chunk"));
            }
            at += 8 + (int)length + (int)(length & 1);
        }
        return blocks;
    }
}
