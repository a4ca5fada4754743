using System.Buffers.Binary;
using System.Text;

namespace Img2Dataset.Engine.Policy.Embedded;

/// <summary>
/// The XMP packets and C2PA manifest store of an ISO BMFF image (HEIF, AVIF), found by walking its top-level boxes
/// and its <c>meta</c> box, reading no coded image:
/// <list type="bullet">
/// <item>C2PA: the top-level <c>uuid</c> box D8FEC3D6-1B0E-483C-9297-5828877EC481 (C2PA Technical Specification,
/// "Embedding manifests into BMFF"): a FullBox, its purpose as a null-terminated string, for "manifest" (and the
/// "original" and "update" of later versions) an 8-byte merkle offset, then the JUMBF store.</item>
/// <item>XMP as HEIF stores it (ISO/IEC 23008-12, metadata items): an item of type <c>mime</c> whose content type is
/// <c>application/rdf+xml</c>, declared in <c>iinf</c> and located by <c>iloc</c> in the file or in <c>idat</c>.</item>
/// <item>XMP in a top-level <c>uuid</c> box BE7ACFCB-97A9-42E8-9C71-999491E3AFAC (XMP Specification Part 3, §1.1.4
/// "MPEG-4"), where some writers put it.</item>
/// </list>
/// Every size and offset is checked against the body; a box that does not fit ends the walk.
/// </summary>
public static class BmffMetadataBlocks
{
    private static readonly byte[] C2paUuid = Convert.FromHexString("D8FEC3D61B0E483C92975828877EC481");
    private static readonly byte[] XmpUuid = Convert.FromHexString("BE7ACFCB97A942E89C71999491E3AFAC");
    private static readonly string[] ManifestPurposes = ["manifest", "original", "update"];
    private const string XmpContentType = "application/rdf+xml";

    public static bool Recognises(ReadOnlySpan<byte> image) => image.Length >= 12 && image[4..8].SequenceEqual("ftyp"u8);

    public static List<MetadataBlock> Find(ReadOnlyMemory<byte> image)
    {
        var blocks = new List<MetadataBlock>();
        foreach (var box in Boxes(image, 0, image.Length))
        {
            if (box.Type == "uuid" && box.Payload.Length >= 16)
            {
                Uuid(box.Payload, blocks);
            }
            else if (box.Type == "meta" && box.Payload.Length >= 4)
            {
                blocks.AddRange(MimeXmpItems(image, box.Payload[4..]));
            }
        }
        return blocks;
    }

    private static void Uuid(ReadOnlyMemory<byte> payload, List<MetadataBlock> blocks)
    {
        var type = payload.Span[..16];
        var content = payload[16..];
        if (type.SequenceEqual(XmpUuid))
        {
            blocks.Add(new MetadataBlock(MetadataBlockKind.Xmp, content, "BMFF uuid XMP box"));
        }
        else if (type.SequenceEqual(C2paUuid) && content.Length > 4)
        {
            var afterFlags = content[4..];
            var end = afterFlags.Span.IndexOf((byte)0);
            if (end > 0 && ManifestPurposes.Contains(Encoding.ASCII.GetString(afterFlags.Span[..end])) && afterFlags.Length >= end + 1 + 8)
            {
                blocks.Add(new MetadataBlock(MetadataBlockKind.Jumbf, afterFlags[(end + 1 + 8)..], "BMFF uuid C2PA box"));
            }
        }
    }

    /// <summary>The XMP items of a <c>meta</c> box's children: each <c>mime</c> item of content type application/rdf+xml, its extents joined.</summary>
    private static IEnumerable<MetadataBlock> MimeXmpItems(ReadOnlyMemory<byte> image, ReadOnlyMemory<byte> children)
    {
        var boxes = Boxes(children, 0, children.Length).ToList();
        var xmpItems = boxes.Where(b => b.Type == "iinf").SelectMany(b => XmpItemIds(b.Payload)).ToHashSet();
        if (xmpItems.Count == 0)
        {
            return [];
        }
        var idat = boxes.FirstOrDefault(b => b.Type == "idat").Payload;
        // The items are copied out of the file: together they get what the XMP reader takes at most.
        var budget = ImageMetadataBlocks.MaxInflatedXmp;
        var found = new List<MetadataBlock>();
        foreach (var item in boxes.Where(b => b.Type == "iloc").SelectMany(b => ItemLocation.Read(b.Payload)).Where(item => xmpItems.Contains(item.Id)))
        {
            if (item.Bytes(image, idat, budget) is { } bytes)
            {
                budget -= bytes.Length;
                found.Add(new MetadataBlock(MetadataBlockKind.Xmp, bytes, "HEIF mime item XMP"));
            }
        }
        return found;
    }

    /// <summary>The IDs of the <c>infe</c> entries (version 2 or 3) of type <c>mime</c> with the XMP content type.</summary>
    private static IEnumerable<uint> XmpItemIds(ReadOnlyMemory<byte> iinf)
    {
        if (iinf.Length < 6)
        {
            return [];
        }
        var first = iinf.Span[0] == 0 ? 6 : 8;
        var ids = new List<uint>();
        foreach (var entry in Boxes(iinf, first, iinf.Length).Where(b => b.Type == "infe"))
        {
            var span = entry.Payload.Span;
            var version = span.Length > 0 ? span[0] : 0;
            var idLength = version == 3 ? 4 : 2;
            var typeAt = 4 + idLength + 2;
            if (version < 2 || span.Length < typeAt + 4 || !span.Slice(typeAt, 4).SequenceEqual("mime"u8))
            {
                continue;
            }
            var strings = span[(typeAt + 4)..];
            var nameEnd = strings.IndexOf((byte)0);
            var typeEnd = nameEnd < 0 ? -1 : strings[(nameEnd + 1)..].IndexOf((byte)0);
            if (typeEnd >= 0 && Encoding.ASCII.GetString(strings.Slice(nameEnd + 1, typeEnd)).Trim() == XmpContentType)
            {
                ids.Add(idLength == 4 ? BinaryPrimitives.ReadUInt32BigEndian(span[4..]) : BinaryPrimitives.ReadUInt16BigEndian(span[4..]));
            }
        }
        return ids;
    }

    /// <summary>The boxes laid end to end in <paramref name="data"/> from <paramref name="from"/>: 32-bit size, or 1 and a 64-bit size, or 0 for "to the end".</summary>
    internal static IEnumerable<BmffBox> Boxes(ReadOnlyMemory<byte> data, int from, int to)
    {
        var at = from;
        while (at + 8 <= to)
        {
            var span = data.Span;
            long size = BinaryPrimitives.ReadUInt32BigEndian(span[at..]);
            var header = 8;
            if (size == 1)
            {
                if (at + 16 > to)
                {
                    yield break;
                }
                size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(span[(at + 8)..]), long.MaxValue);
                header = 16;
            }
            else if (size == 0)
            {
                size = to - at;
            }
            if (size < header || size > to - at)
            {
                yield break;
            }
            yield return new BmffBox(Encoding.ASCII.GetString(span.Slice(at + 4, 4)), data.Slice(at + header, (int)size - header));
            at += (int)size;
        }
    }
}
