using System.Text;

namespace Img2Dataset.Engine.Input;

/// <summary>
/// How input files are decoded and bounded. Invalid UTF-8 is decoded to a marker character, so a record holding it
/// is reported as a bad row instead of being fetched with silently replaced characters. No record or field may exceed
/// <see cref="MaxRecordLength"/> characters: a longer one is a bad row, read past without being held.
/// </summary>
public static class InputText
{
    /// <summary>1 Mi characters: far above any URL or caption, far below what would endanger the job's memory.</summary>
    public const int MaxRecordLength = 1 << 20;

    /// <summary>UTF-8 with a BOM preamble, so a reader skips a leading BOM, and invalid bytes marked.</summary>
    public static Encoding Utf8 { get; } = Encoding.GetEncoding("utf-8", EncoderFallback.ReplacementFallback, new MarkingFallback());

    /// <summary>
    /// A text file's bytes as UTF-8: a UTF-16 file (little or big endian, known by its byte-order mark, as Windows
    /// PowerShell 5.1's <c>&gt;</c> and <c>Out-File</c> write them) is transcoded as it is read, so every reader — the
    /// line reader, CsvHelper, System.Text.Json — sees UTF-8; anything else is taken as UTF-8. Invalid UTF-16 (a lone
    /// surrogate) is marked as invalid UTF-8 is. <paramref name="open"/> is called twice: once to read the mark,
    /// once for the stream returned (a gzipped file cannot be rewound).
    /// </summary>
    public static Stream AsUtf8(Func<Stream> open)
    {
        Span<byte> mark = stackalloc byte[2];
        int read;
        using (var first = open())
        {
            read = first.ReadAtLeast(mark, 2, throwOnEndOfStream: false);
        }
        var stream = open();
        return (read, mark[0], mark[1]) switch
        {
            (2, 0xFF, 0xFE) => Encoding.CreateTranscodingStream(stream, Utf16(bigEndian: false), Encoding.UTF8),
            (2, 0xFE, 0xFF) => Encoding.CreateTranscodingStream(stream, Utf16(bigEndian: true), Encoding.UTF8),
            _ => stream,
        };
    }

    private static Encoding Utf16(bool bigEndian) =>
        Encoding.GetEncoding(bigEndian ? "utf-16BE" : "utf-16", EncoderFallback.ReplacementFallback, new MarkingFallback());

    public static StreamReader Reader(Stream stream) =>
        new(stream, Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);

    /// <summary>Whether <paramref name="text"/> came from bytes that were not valid UTF-8.</summary>
    public static bool HasInvalidUtf8(ReadOnlySpan<char> text) => text.Contains(InvalidByteMarker);

    public static string TooLong(string what) => $"{what} longer than {MaxRecordLength} characters";

    public const string InvalidUtf8 = "invalid UTF-8";

    /// <summary>
    /// U+FFFF, a noncharacter (Unicode §23.7) that no interchanged text uses; .NET's decoder accepts only scalar values
    /// from a fallback, so the lone surrogates of Python's surrogateescape are not an option.
    /// </summary>
    private const char InvalidByteMarker = '\uFFFF';

    private sealed class MarkingFallback : DecoderFallback
    {
        public override int MaxCharCount => 1;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new MarkingBuffer();
    }

    /// <summary>One marker for each run of invalid bytes.</summary>
    private sealed class MarkingBuffer : DecoderFallbackBuffer
    {
        private bool pending;

        public override int Remaining => pending ? 1 : 0;

        public override bool Fallback(byte[] bytesUnknown, int index) => pending = true;

        public override char GetNextChar()
        {
            var next = pending ? InvalidByteMarker : '\0';
            pending = false;
            return next;
        }

        public override bool MovePrevious() => false;

        public override void Reset() => pending = false;
    }
}
