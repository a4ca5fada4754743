using System.Buffers.Binary;

namespace Img2Dataset.Engine.Policy.Embedded;

/// <summary>
/// Where an item of a HEIF file lies, from its <c>iloc</c> box (ISO/IEC 14496-12, "Item Location Box", versions 0
/// to 2): its construction method (0: offsets into the file, 1: into the <c>idat</c> box) and its extents. A box
/// that runs out before its declared items ends the list there.
/// </summary>
internal sealed record ItemLocation(uint Id, int ConstructionMethod, IReadOnlyList<(ulong Offset, ulong Length)> Extents)
{
    /// <summary>
    /// The item's bytes, its extents joined; null when its method is other than 0 or 1, an extent lies outside its
    /// source, or the whole is longer than <paramref name="maxBytes"/> (nothing is copied then).
    /// </summary>
    public byte[]? Bytes(ReadOnlyMemory<byte> file, ReadOnlyMemory<byte> idat, int maxBytes)
    {
        var source = ConstructionMethod switch { 0 => file, 1 => idat, _ => (ReadOnlyMemory<byte>?)null };
        if (source is not { } from)
        {
            return null;
        }
        var slices = new List<ReadOnlyMemory<byte>>();
        long total = 0;
        foreach (var (offset, length) in Extents)
        {
            // A length of 0 means the rest of the source.
            var take = length == 0 && offset <= (ulong)from.Length ? (ulong)from.Length - offset : length;
            if (offset > (ulong)from.Length || take > (ulong)from.Length - offset || (total += (long)take) > maxBytes)
            {
                return null;
            }
            slices.Add(from.Slice((int)offset, (int)take));
        }
        return slices.SelectMany(s => s.ToArray()).ToArray();
    }

    public static List<ItemLocation> Read(ReadOnlyMemory<byte> iloc)
    {
        var items = new List<ItemLocation>();
        var reader = new Reader(iloc.Span);
        var version = reader.Byte();
        reader.Skip(3);
        var sizes = reader.Byte();
        var moreSizes = reader.Byte();
        var (offsetSize, lengthSize, baseOffsetSize) = (sizes >> 4, sizes & 0x0F, moreSizes >> 4);
        var indexSize = version is 1 or 2 ? moreSizes & 0x0F : 0;
        var count = version < 2 ? reader.Number(2) : reader.Number(4);
        for (ulong item = 0; item < count && !reader.Overrun; item++)
        {
            var id = (uint)(version < 2 ? reader.Number(2) : reader.Number(4));
            var method = version is 1 or 2 ? (int)(reader.Number(2) & 0x0F) : 0;
            reader.Skip(2);
            var baseOffset = reader.Number(baseOffsetSize);
            var extentCount = reader.Number(2);
            var extents = new List<(ulong, ulong)>();
            for (ulong extent = 0; extent < extentCount && !reader.Overrun; extent++)
            {
                reader.Skip(indexSize);
                var offset = reader.Number(offsetSize);
                extents.Add((baseOffset + offset, reader.Number(lengthSize)));
            }
            if (!reader.Overrun)
            {
                items.Add(new ItemLocation(id, method, extents));
            }
        }
        return items;
    }

    /// <summary>Big-endian fields of 0, 2, 4 or 8 bytes; reading past the end yields 0 and sets <see cref="Overrun"/>.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> data = data;
        private int at;

        public bool Overrun { get; private set; }

        public byte Byte() => (byte)Number(1);

        public void Skip(int bytes) => Number(bytes);

        public ulong Number(int bytes)
        {
            if (bytes == 0)
            {
                return 0;
            }
            if (bytes > data.Length - at || bytes > 8)
            {
                Overrun = true;
                at = data.Length;
                return 0;
            }
            var field = data.Slice(at, bytes);
            at += bytes;
            return bytes switch
            {
                1 => field[0],
                2 => BinaryPrimitives.ReadUInt16BigEndian(field),
                4 => BinaryPrimitives.ReadUInt32BigEndian(field),
                8 => BinaryPrimitives.ReadUInt64BigEndian(field),
                _ => 0,
            };
        }
    }
}
