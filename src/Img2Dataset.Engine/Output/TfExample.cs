using System.Buffers.Binary;
using System.Text;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// A <c>tf.train.Example</c> in protobuf wire format, written and read by hand (it is three small messages):
/// Example{1: Features}, Features{1: map&lt;string, Feature&gt;}, Feature{1: BytesList, 2: FloatList, 3: Int64List}.
/// </summary>
public static class TfExample
{
    public static byte[] Encode(IEnumerable<KeyValuePair<string, object?>> features)
    {
        using var featureMap = new MemoryStream();
        foreach (var (name, value) in features)
        {
            var entry = Concat(Field(1, Encoding.UTF8.GetBytes(name)), Field(2, Feature(value)));
            WriteField(featureMap, 1, entry);
        }
        return Field(1, featureMap.ToArray());
    }

    /// <summary>
    /// The Example with one more feature entry, the others left byte for byte: as in every protobuf map, the last
    /// entry of a name wins when it is read (TensorFlow's parser and <see cref="Decode"/> alike), and the several
    /// Features messages of one field merge into one.
    /// </summary>
    public static byte[] WithFeature(byte[] example, string name, object? value)
    {
        using var features = new MemoryStream();
        foreach (var (number, part) in Fields(example))
        {
            if (number == 1)
            {
                features.Write(part);
            }
        }
        WriteField(features, 1, Concat(Field(1, Encoding.UTF8.GetBytes(name)), Field(2, Feature(value))));
        return Field(1, features.ToArray());
    }

    /// <summary>
    /// The features of an encoded Example: one value as itself, several as an array; bytes as byte[], numbers as long
    /// or float.
    /// Every field of these messages is length-delimited (lists are packed), which keeps the reader this small.
    /// </summary>
    public static Dictionary<string, object?> Decode(ReadOnlySpan<byte> example)
    {
        var result = new Dictionary<string, object?>();
        foreach (var (_, features) in Fields(example.ToArray()))
        {
            foreach (var (_, entry) in Fields(features))
            {
                string? name = null;
                object? value = null;
                foreach (var (number, part) in Fields(entry))
                {
                    if (number == 1)
                    {
                        name = Encoding.UTF8.GetString(part);
                    }
                    else
                    {
                        value = DecodeFeature(part);
                    }
                }
                result[name ?? ""] = value;
            }
        }
        return result;
    }

    /// <summary>
    /// A tf.train.Feature: integers and booleans as an int64_list, other numbers as a float_list, anything else as a
    /// bytes_list; a list of integers or numbers keeps its values as such (as the reference's TFRecord writer does),
    /// any other list is text.
    /// </summary>
    private static byte[] Feature(object? value) => value switch
    {
        byte[] bytes => Field(1, Field(1, bytes)),
        int or long or bool => Field(3, Field(1, Varint(Convert.ToInt64(value)))),
        float or double => Field(2, Field(1, BitConverter.GetBytes(Convert.ToSingle(value)))),
        object?[] list when list.All(v => v is int or long or bool) => Field(3, Field(1, list.SelectMany(v => Varint(Convert.ToInt64(v))).ToArray())),
        object?[] list when list.All(v => v is int or long or float or double) =>
            Field(2, Field(1, list.SelectMany(v => BitConverter.GetBytes(Convert.ToSingle(v))).ToArray())),
        // A list of texts is a bytes_list of several values, as tf.train.BytesList holds them.
        object?[] list when list.All(v => v is string) => Field(1, list.SelectMany(v => Field(1, Encoding.UTF8.GetBytes((string)v!))).ToArray()),
        _ => Field(1, Field(1, Encoding.UTF8.GetBytes(SampleMetadata.AsText(value) ?? ""))),
    };

    /// <summary>A feature's value: one value as itself, several (a list) as an array.</summary>
    private static object? DecodeFeature(byte[] feature)
    {
        foreach (var (kind, list) in Fields(feature))
        {
            foreach (var (_, packed) in Fields(list))
            {
                object[] values = kind switch
                {
                    1 => Fields(list).Select(f => (object)f.Payload).ToArray(),
                    2 => Enumerable.Range(0, packed.Length / 4).Select(i => (object)BitConverter.ToSingle(packed, 4 * i)).ToArray(),
                    _ => Varints(packed).Select(v => (object)v).ToArray(),
                };
                return values.Length == 1 ? values[0] : values;
            }
        }
        return null;
    }

    private static IEnumerable<long> Varints(byte[] packed)
    {
        for (var at = 0; at < packed.Length;)
        {
            yield return (long)ReadVarint(packed, ref at);
        }
    }

    private static IEnumerable<(int Number, byte[] Payload)> Fields(byte[] message)
    {
        var at = 0;
        while (at < message.Length)
        {
            var tag = ReadVarint(message, ref at);
            var length = (int)ReadVarint(message, ref at);
            yield return ((int)(tag >> 3), message[at..(at + length)]);
            at += length;
        }
    }

    private static ulong ReadVarint(byte[] data, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }

    private static byte[] Field(int number, byte[] payload)
    {
        using var stream = new MemoryStream(payload.Length + 6);
        WriteField(stream, number, payload);
        return stream.ToArray();
    }

    private static void WriteField(Stream stream, int number, byte[] payload)
    {
        stream.Write(Varint((number << 3) | 2));
        stream.Write(Varint(payload.Length));
        stream.Write(payload);
    }

    private static byte[] Varint(long value)
    {
        var buffer = new byte[10];
        var length = 0;
        var bits = (ulong)value;
        do
        {
            buffer[length++] = (byte)((bits & 0x7F) | (bits > 0x7F ? 0x80u : 0));
            bits >>= 7;
        }
        while (bits != 0);
        return buffer[..length];
    }

    private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];

    /// <summary>Frames a record: uint64 length, masked CRC of the length, data, masked CRC of the data.</summary>
    public static void WriteRecord(Stream stream, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32C.Masked(header[..8]));
        stream.Write(header);
        stream.Write(data);
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, Crc32C.Masked(data));
        stream.Write(footer);
    }

    /// <summary>Reads framed records, checking both CRCs.</summary>
    /// <exception cref="InvalidDataException">A record is cut short or a CRC does not match.</exception>
    public static IEnumerable<byte[]> ReadRecords(Stream stream)
    {
        var header = new byte[12];
        while (stream.ReadAtLeast(header, 12, throwOnEndOfStream: false) is var read && read > 0)
        {
            if (read < 12 || BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8)) != Crc32C.Masked(header.AsSpan(0, 8)))
            {
                throw new InvalidDataException("TFRecord length header is truncated or its CRC does not match.");
            }
            var data = new byte[BinaryPrimitives.ReadUInt64LittleEndian(header)];
            var footer = new byte[4];
            stream.ReadExactly(data);
            stream.ReadExactly(footer);
            if (BinaryPrimitives.ReadUInt32LittleEndian(footer) != Crc32C.Masked(data))
            {
                throw new InvalidDataException("TFRecord data CRC does not match.");
            }
            yield return data;
        }
    }
}
