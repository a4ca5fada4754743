using System.Text;
using System.Text.Json;

namespace Img2Dataset.Engine.Input.Sources;

/// <summary>One JSON object per line; a line that is not valid JSON is a bad row, not the end of the file.</summary>
public sealed class JsonLinesSource : IRecordSource
{
    public IEnumerable<SourceRecord> Read(Stream stream, string path, IReadOnlyList<string> columns)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        long line = 0;
        var first = true;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            yield return Parse(text, line, path, columns, first);
            first = false;
        }
    }

    private static SourceRecord Parse(string text, long line, string path, IReadOnlyList<string> columns, bool first)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return JsonRecords.Record(document.RootElement, line, path, columns, first);
        }
        catch (JsonException e)
        {
            return SourceRecord.Bad(line, $"malformed JSON: {e.Message}");
        }
    }
}
