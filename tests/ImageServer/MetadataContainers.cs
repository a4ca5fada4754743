using System.Buffers.Binary;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Tiff;

namespace Img2Dataset.ImageServer;

/// <summary>
/// Writes XMP packets and C2PA manifest stores into GIF, TIFF and ISO BMFF (HEIF, AVIF) files the way their
/// specifications place them, for the embedded-signal fixtures:
/// <list type="bullet">
/// <item>GIF: the "XMP Data"/"XMP" application extension with the raw packet and its 258-byte magic trailer (XMP
/// Part 3, §1.1.2), and the "C2PA_GIF" extension (authentication code 01 00 00) with the store in sub-blocks.</item>
/// <item>TIFF: a new first IFD, the encoder's entries plus tag 700 (XMP) and tag 0xCD41 (C2PA), written after the
/// image so every offset of the original stays valid.</item>
/// <item>BMFF: <c>ftyp</c>, a top-level C2PA <c>uuid</c> box (FullBox, purpose "manifest", merkle offset, store),
/// and a <c>meta</c> box declaring a <c>mime</c> item of type application/rdf+xml located by <c>iloc</c> in
/// <c>mdat</c>. No coded image: the readers never need one, and ImageSharp decodes neither HEIF nor AVIF.</item>
/// </list>
/// </summary>
public static class MetadataContainers
{
    private static readonly byte[] C2paUuid = Convert.FromHexString("D8FEC3D61B0E483C92975828877EC481");

    public static byte[] Gif(Image image, byte[]? xmp = null, byte[]? jumbf = null)
    {
        using var stream = new MemoryStream();
        image.SaveAsGif(stream);
        var gif = stream.ToArray();
        var extensions = new List<byte>();
        if (xmp is not null)
        {
            extensions.AddRange([0x21, 0xFF, 0x0B, .. "XMP DataXMP"u8, .. xmp, .. MagicTrailer()]);
        }
        if (jumbf is not null)
        {
            extensions.AddRange([0x21, 0xFF, 0x0B, .. "C2PA_GIF"u8, 0x01, 0x00, 0x00, .. SubBlocks(jumbf)]);
        }
        // Before the trailer (0x3B): an extension may stand wherever a block may.
        return [.. gif[..^1], .. extensions, 0x3B];
    }

    /// <summary>0x01, 0xFF down to 0x00, then the block terminator: a sub-block walk from any byte of the packet lands on the terminator.</summary>
    private static byte[] MagicTrailer() => [0x01, .. Enumerable.Range(0, 256).Select(i => (byte)(0xFF - i)), 0x00];

    private static IEnumerable<byte> SubBlocks(byte[] data) =>
        data.Chunk(255).SelectMany(chunk => chunk.Prepend((byte)chunk.Length)).Append((byte)0);

    public static byte[] Tiff(Image image, byte[]? xmp = null, byte[]? jumbf = null)
    {
        using var stream = new MemoryStream();
        image.SaveAsTiff(stream, new TiffEncoder());
        var original = stream.ToArray();
        var firstIfd = (int)BinaryPrimitives.ReadUInt32LittleEndian(original.AsSpan(4));
        var count = BinaryPrimitives.ReadUInt16LittleEndian(original.AsSpan(firstIfd));
        var entries = Enumerable.Range(0, count).Select(i => original.AsSpan(firstIfd + 2 + 12 * i, 12).ToArray()).ToList();
        var nextIfd = original.AsSpan(firstIfd + 2 + 12 * count, 4).ToArray();
        var file = new List<byte>(original);
        foreach (var (tag, value) in new[] { ((ushort)700, xmp), ((ushort)0xCD41, jumbf) })
        {
            if (value is null)
            {
                continue;
            }
            var offset = file.Count;
            file.AddRange(value);
            if ((file.Count & 1) == 1)
            {
                file.Add(0);
            }
            var entry = new byte[12];
            BinaryPrimitives.WriteUInt16LittleEndian(entry, tag);
            BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(2), tag == 700 ? (ushort)1 : (ushort)7);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(4), (uint)value.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(8), (uint)offset);
            entries.Add(entry);
        }
        if ((file.Count & 1) == 1)
        {
            file.Add(0);
        }
        var ifd = file.Count;
        file.AddRange(BitConverter.GetBytes((ushort)entries.Count));
        file.AddRange(entries.OrderBy(e => BinaryPrimitives.ReadUInt16LittleEndian(e)).SelectMany(e => e));
        file.AddRange(nextIfd);
        var tiff = file.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), (uint)ifd);
        return tiff;
    }

    /// <summary>An ISO BMFF image of brand <paramref name="brand"/> ("avif", "heic") with the XMP as a mime item in mdat and the store in a C2PA uuid box.</summary>
    public static byte[] Bmff(string brand, byte[]? xmp = null, byte[]? jumbf = null)
    {
        var ftyp = Box("ftyp", [.. Encoding.ASCII.GetBytes(brand), 0, 0, 0, 0, .. Encoding.ASCII.GetBytes(brand), .. "mif1"u8]);
        var c2pa = jumbf is null ? [] : Box("uuid", [.. C2paUuid, 0, 0, 0, 0, .. "manifest\0"u8, 0, 0, 0, 0, 0, 0, 0, 0, .. jumbf]);
        if (xmp is null)
        {
            return [.. ftyp, .. c2pa, .. Meta(0, 0, 0)];
        }
        // The meta box's size does not depend on the offset it holds: write it once to learn where mdat's data begins.
        var dataOffset = ftyp.Length + c2pa.Length + Meta(1, 0, 0).Length + 8;
        return [.. ftyp, .. c2pa, .. Meta(1, dataOffset, xmp.Length), .. Box("mdat", xmp)];
    }

    /// <summary>meta: hdlr "pict", iinf with item 1 of type mime (application/rdf+xml) when <paramref name="items"/> is 1, iloc version 0 locating it in the file.</summary>
    private static byte[] Meta(int items, int offset, int length)
    {
        var hdlr = Box("hdlr", [0, 0, 0, 0, 0, 0, 0, 0, .. "pict"u8, .. new byte[12], 0]);
        var infe = Box("infe", [2, 0, 0, 0, 0, 1, 0, 0, .. "mime"u8, .. "XMP\0"u8, .. "application/rdf+xml\0"u8]);
        var iinf = Box("iinf", [0, 0, 0, 0, 0, (byte)items, .. (items == 0 ? [] : infe)]);
        var location = new byte[14];
        BinaryPrimitives.WriteUInt16BigEndian(location, 1);
        BinaryPrimitives.WriteUInt16BigEndian(location.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt32BigEndian(location.AsSpan(6), (uint)offset);
        BinaryPrimitives.WriteUInt32BigEndian(location.AsSpan(10), (uint)length);
        var iloc = Box("iloc", [0, 0, 0, 0, 0x44, 0x00, 0, (byte)items, .. (items == 0 ? [] : location)]);
        return Box("meta", [0, 0, 0, 0, .. hdlr, .. iinf, .. iloc]);
    }

    private static byte[] Box(string type, byte[] payload) => EmbeddedSignalFixtures.Box(type, payload);
}
