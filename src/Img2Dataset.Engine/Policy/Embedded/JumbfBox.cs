using System.Buffers.Binary;
using System.Text;

namespace Img2Dataset.Engine.Policy.Embedded;

/// <summary>
/// A JUMBF box (ISO/IEC 19566-5 §A, as C2PA uses it): LBox (4 bytes, big-endian; 1 means an 8-byte XLBox follows,
/// 0 means "to the end"), TBox (4 characters), payload. A superbox (<c>jumb</c>) holds a description box
/// (<c>jumd</c>: a 16-byte type UUID, a toggles byte, then a NUL-terminated label when toggle 0x02 is set) and its
/// content boxes. Parsing is bounded: 8 levels deep, 4,096 boxes in all; a box that overruns its parent ends the
/// parse of that parent.
/// </summary>
public sealed class JumbfBox
{
    private const int MaxDepth = 8;
    private const int MaxBoxes = 4096;

    private JumbfBox(string type, string? label, ReadOnlyMemory<byte> payload, IReadOnlyList<JumbfBox> children)
    {
        Type = type;
        Label = label;
        Payload = payload;
        Children = children;
    }

    /// <summary>The box type, as <c>jumb</c>, <c>cbor</c> or <c>json</c>.</summary>
    public string Type { get; }
    /// <summary>A superbox's label from its description box, as <c>c2pa.assertions</c>; null otherwise.</summary>
    public string? Label { get; }
    public ReadOnlyMemory<byte> Payload { get; }
    /// <summary>A superbox's content boxes (its description box left out); empty for other boxes.</summary>
    public IReadOnlyList<JumbfBox> Children { get; }

    /// <summary>The boxes at the top level of <paramref name="bytes"/>.</summary>
    public static IReadOnlyList<JumbfBox> Parse(ReadOnlyMemory<byte> bytes)
    {
        var budget = MaxBoxes;
        return ParseLevel(bytes, 0, ref budget);
    }

    private static List<JumbfBox> ParseLevel(ReadOnlyMemory<byte> bytes, int depth, ref int budget)
    {
        var boxes = new List<JumbfBox>();
        var at = 0;
        while (at + 8 <= bytes.Length && budget-- > 0)
        {
            var span = bytes.Span[at..];
            long length = BinaryPrimitives.ReadUInt32BigEndian(span);
            var type = Encoding.ASCII.GetString(span.Slice(4, 4));
            var header = 8;
            if (length == 1)
            {
                if (span.Length < 16)
                {
                    break;
                }
                length = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(span[8..]), long.MaxValue);
                header = 16;
            }
            else if (length == 0)
            {
                length = span.Length;
            }
            if (length < header || length > span.Length)
            {
                break;
            }
            var payload = bytes.Slice(at + header, (int)length - header);
            boxes.Add(type == "jumb" && depth < MaxDepth ? Superbox(payload, depth, ref budget) : new JumbfBox(type, null, payload, []));
            at += (int)length;
        }
        return boxes;
    }

    private static JumbfBox Superbox(ReadOnlyMemory<byte> payload, int depth, ref int budget)
    {
        var children = ParseLevel(payload, depth + 1, ref budget);
        var description = children.FirstOrDefault(c => c.Type == "jumd");
        return new JumbfBox("jumb", description is null ? null : DescriptionLabel(description.Payload.Span), payload, children.Where(c => c != description).ToArray());
    }

    /// <summary>The label of a description box: after the 16-byte UUID and the toggles byte, when toggle 0x02 says there is one.</summary>
    private static string? DescriptionLabel(ReadOnlySpan<byte> description)
    {
        if (description.Length < 17 || (description[16] & 0x02) == 0)
        {
            return null;
        }
        var text = description[17..];
        var end = text.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? text : text[..end]);
    }
}
