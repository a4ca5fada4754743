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
