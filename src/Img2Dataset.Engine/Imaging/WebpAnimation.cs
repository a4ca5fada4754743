using System.Buffers.Binary;

namespace Img2Dataset.Engine.Imaging;

/// <summary>
/// The frame count of an animated WebP, read from its RIFF chunks (WebP Container Specification, "Extended File
/// Format": one ANMF chunk per frame). ImageSharp 2.1 decodes every frame of an animation at the full canvas size,
/// so the cost of decoding is the canvas times this count, and it must be known before decoding starts.
/// </summary>
public static class WebpAnimation
{
    /// <summary>The number of ANMF frames, or 1 for a still (or unreadable) WebP.</summary>
    public static int FrameCount(ReadOnlySpan<byte> bytes)
    {
        if (!FormatSniffer.Is(bytes, EncodeFormat.Webp))
        {
            return 1;
        }
        var frames = 0;
        for (var offset = 12; offset + 8 <= bytes.Length;)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(offset + 4)..]);
            if (bytes.Slice(offset, 4).SequenceEqual("ANMF"u8))
            {
                frames++;
            }
            // Chunks are padded to an even size; a size past the end ends the scan.
            var next = offset + 8L + size + (size & 1);
            if (next > bytes.Length)
            {
                break;
            }
            offset = (int)next;
        }
        return Math.Max(1, frames);
    }
}
