using System.Text;

namespace Img2Dataset.Engine.Input;

/// <summary>
/// Lines as <see cref="TextReader.ReadLine"/> splits them (LF, CR or CRLF), but a line longer than the limit is
/// read past without being held: its text is never built, so one 50 MB line costs a buffer, not gigabytes.
/// </summary>
public sealed class BoundedLineReader(TextReader reader, int maxLength)
{
    private readonly char[] buffer = new char[1 << 14];
    private readonly StringBuilder line = new();
    private int position;
    private int length;

    /// <summary>Reads the next line; false at the end of the input. <paramref name="text"/> is null for a line over the limit.</summary>
    public bool TryReadLine(out string? text)
    {
        line.Clear();
        var tooLong = false;
        var any = false;
        while (Fill())
        {
            any = true;
            var span = buffer.AsSpan(position, length - position);
            var end = span.IndexOfAny('\r', '\n');
            var take = end < 0 ? span.Length : end;
            if (!tooLong && line.Length + take > maxLength)
            {
                tooLong = true;
                line.Clear();
            }
            if (!tooLong)
            {
                line.Append(span[..take]);
            }
            position += take;
            if (end >= 0)
            {
                var newline = buffer[position++];
                if (newline == '\r' && Fill() && buffer[position] == '\n')
                {
                    position++;
                }
                text = tooLong ? null : line.ToString();
                return true;
            }
        }
        text = tooLong ? null : line.ToString();
        return any;
    }

    private bool Fill()
    {
        if (position < length)
        {
            return true;
        }
        length = reader.Read(buffer, 0, buffer.Length);
        position = 0;
        return length > 0;
    }
}
