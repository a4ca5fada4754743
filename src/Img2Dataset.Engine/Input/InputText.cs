using System.Text;

namespace Img2Dataset.Engine.Input;

/// <summary>
/// How input files are decoded and bounded. Invalid UTF-8 is decoded to lone surrogates (Python's
/// "surrogateescape"), which valid UTF-8 can never produce, so a record holding them is reported as a bad row
/// instead of being fetched with silently replaced characters. No record or field may exceed
/// <see cref="MaxRecordLength"/> characters: a longer one is a bad row, read past without being held.
/// </summary>
public static class InputText
{
    /// <summary>1 Mi characters: far above any URL or caption, far below what would endanger the job's memory.</summary>
    public const int MaxRecordLength = 1 << 20;

    /// <summary>UTF-8 with a BOM preamble, so a reader skips a leading BOM, and invalid bytes escaped as lone surrogates.</summary>
    public static Encoding Utf8 { get; } = Encoding.GetEncoding("utf-8", EncoderFallback.ReplacementFallback, new EscapingFallback());

    public static StreamReader Reader(Stream stream) =>
        new(stream, Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);

    /// <summary>Whether <paramref name="text"/> came from bytes that were not valid UTF-8.</summary>
    public static bool HasInvalidUtf8(ReadOnlySpan<char> text)
    {
        var first = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return false;
        }
        for (var i = first; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }
        return false;
    }

    public static string TooLong(string what) => $"{what} longer than {MaxRecordLength} characters";

    public const string InvalidUtf8 = "invalid UTF-8";

    private sealed class EscapingFallback : DecoderFallback
    {
        public override int MaxCharCount => 1;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new EscapingBuffer();
    }

    /// <summary>One lone low surrogate (U+DC80–U+DCFF) per invalid byte.</summary>
    private sealed class EscapingBuffer : DecoderFallbackBuffer
    {
        private readonly Queue<char> pending = new();

        public override int Remaining => pending.Count;

        public override bool Fallback(byte[] bytesUnknown, int index)
        {
            foreach (var b in bytesUnknown)
            {
                pending.Enqueue((char)(0xDC00 | Math.Max(b, (byte)0x80)));
            }
            return true;
        }

        public override char GetNextChar() => pending.Count > 0 ? pending.Dequeue() : '\0';

        public override bool MovePrevious() => false;

        public override void Reset() => pending.Clear();
    }
}
