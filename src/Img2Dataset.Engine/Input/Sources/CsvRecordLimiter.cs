using System.Text;

namespace Img2Dataset.Engine.Input.Sources;

/// <summary>
/// Sits between a CSV file and CsvHelper and replaces any record longer than the limit by a one-field placeholder
/// record (holding as many line breaks, so line numbers stay right), after reading past it without holding it.
/// CsvHelper's own MaxFieldSize throws mid-record and cannot resume at the next record, and without a limit it
/// grows its buffer to hold the whole record: a 50 MB field cost 1.2 GB.
/// Records are found by RFC 4180's rules, as CsvHelper's default mode reads them: a quote opening a field starts a
/// quoted run, a doubled quote inside it is a literal quote, and line breaks end a record only outside quotes.
/// </summary>
internal sealed class CsvRecordLimiter(TextReader inner, char delimiter, int maxLength) : TextReader
{
    /// <summary>The placeholder field's text; no real record starts with a U+0001 control character followed by this.</summary>
    public const string Placeholder = "\u0001img2dataset: record too long\u0001";
    private readonly char[] input = new char[1 << 14];
    private readonly StringBuilder record = new();
    private int inputPosition;
    private int inputLength;
    private string output = "";
    private int outputPosition;

    public override int Read(char[] destination, int index, int count) => Read(destination.AsSpan(index, count));

    public override int Read(Span<char> destination)
    {
        if (outputPosition == output.Length && !NextRecord())
        {
            return 0;
        }
        var count = Math.Min(destination.Length, output.Length - outputPosition);
        output.AsSpan(outputPosition, count).CopyTo(destination);
        outputPosition += count;
        return count;
    }

    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    public override int Peek() =>
        outputPosition < output.Length || NextRecord() ? output[outputPosition] : -1;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Reads one record with its line ending into <see cref="output"/>; false at the end of the input.</summary>
    private bool NextRecord()
    {
        record.Clear();
        var inQuotes = false;
        var fieldStart = true;
        var tooLong = false;
        var lineBreaksInside = 0;
        var ending = "";
        int c;
        while ((c = NextChar()) >= 0)
        {
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"' && PeekChar() == '"')
                {
                    Append(ch, ref tooLong);
                    ch = (char)NextChar();
                }
                else if (ch == '"')
                {
                    inQuotes = false;
                }
                else if (ch == '\n' || (ch == '\r' && PeekChar() != '\n'))
                {
                    lineBreaksInside++;
                }
            }
            else if (ch is '\r' or '\n')
            {
                ending = ch == '\r' && PeekChar() == '\n' ? $"\r{(char)NextChar()}" : ch.ToString();
                break;
            }
            else
            {
                inQuotes = ch == '"' && fieldStart;
                fieldStart = ch == delimiter;
            }
            Append(ch, ref tooLong);
        }
        if (record.Length == 0 && ending.Length == 0 && !tooLong)
        {
            return false;
        }
        output = tooLong ? $"\"{Placeholder}{new string('\n', lineBreaksInside)}\"{ending}" : record.Append(ending).ToString();
        outputPosition = 0;
        return true;
    }

    private void Append(char ch, ref bool tooLong)
    {
        if (tooLong)
        {
            return;
        }
        if (record.Length >= maxLength)
        {
            tooLong = true;
            record.Clear();
            return;
        }
        record.Append(ch);
    }

    private int NextChar()
    {
        var c = PeekChar();
        if (c >= 0)
        {
            inputPosition++;
        }
        return c;
    }

    private int PeekChar()
    {
        if (inputPosition == inputLength)
        {
            inputLength = inner.Read(input, 0, input.Length);
            inputPosition = 0;
        }
        return inputPosition < inputLength ? input[inputPosition] : -1;
    }
}
