using System.Buffers.Binary;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace Img2Dataset.ImageServer;

/// <summary>
/// Small files that decode to huge amounts of memory: a canvas of size × size repeated in many frames. Written from
/// the formats' structure (GIF89a; the WebP container's VP8X/ANIM/ANMF chunks around a 1×1 lossless frame), so each
/// is a few bytes per frame.
/// </summary>
public static class Bombs
{
    public static byte[] Gif(int size, int frames)
    {
        using var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        WriteUInt16(gif, size);
        WriteUInt16(gif, size);
        // A global colour table of two entries (black, white), no background, square pixels.
        gif.Write([0x80, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF]);
        for (var i = 0; i < frames; i++)
        {
            // An image descriptor of one pixel at (0,0), then its LZW data: clear, index 0, end (3-bit codes).
            gif.Write([0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0]);
            gif.Write([0x02, 0x02, 0x44, 0x01, 0x00]);
        }
        gif.WriteByte(0x3B);
        return gif.ToArray();
    }

    public static byte[] AnimatedWebp(int size, int frames)
    {
        var frame = OnePixelLosslessChunk();
        using var chunks = new MemoryStream();
        var vp8x = new byte[10];
        vp8x[0] = 0x02;
        WriteUInt24(vp8x.AsSpan(4), size - 1);
        WriteUInt24(vp8x.AsSpan(7), size - 1);
        WriteChunk(chunks, "VP8X", vp8x);
        WriteChunk(chunks, "ANIM", [0, 0, 0, 0, 0, 0]);
        var anmf = new byte[16 + frame.Length];
        WriteUInt24(anmf.AsSpan(12), 100);
        frame.CopyTo(anmf.AsSpan(16));
        for (var i = 0; i < frames; i++)
        {
            WriteChunk(chunks, "ANMF", anmf);
        }
        using var file = new MemoryStream();
        file.Write("RIFF"u8);
        var riffSize = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(riffSize, (uint)(4 + chunks.Length));
        file.Write(riffSize);
        file.Write("WEBP"u8);
        chunks.WriteTo(file);
        return file.ToArray();
    }

    /// <summary>The VP8L chunk (header included) of a 1×1 lossless WebP.</summary>
    private static byte[] OnePixelLosslessChunk()
    {
        using var image = new Image<Rgba32>(1, 1, new Rgba32(200, 10, 10, 255));
        using var encoded = new MemoryStream();
        image.Save(encoded, new WebpEncoder { FileFormat = WebpFileFormatType.Lossless });
        return encoded.ToArray()[12..];
    }

    private static void WriteChunk(Stream stream, string fourCc, byte[] payload)
    {
        stream.Write(System.Text.Encoding.ASCII.GetBytes(fourCc));
        var size = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)payload.Length);
        stream.Write(size);
        stream.Write(payload);
        if (payload.Length % 2 == 1)
        {
            stream.WriteByte(0);
        }
    }

    private static void WriteUInt16(Stream stream, int value)
    {
        stream.WriteByte((byte)value);
        stream.WriteByte((byte)(value >> 8));
    }

    private static void WriteUInt24(Span<byte> target, int value)
    {
        target[0] = (byte)value;
        target[1] = (byte)(value >> 8);
        target[2] = (byte)(value >> 16);
    }
}
