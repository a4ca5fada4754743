using System.Text.Json;

namespace Img2Dataset.Engine.Input.Sources;

/// <summary>One JSON object per line; a line that is not valid JSON is a bad row, not the end of the file.</summary>
public sealed class JsonLinesSource : IRecordSource
{
    public IEnumerable<SourceRecord> Read(Stream stream, string path, IReadOnlyList<string> columns)
    {
        using var reader = InputText.Reader(stream);
        var lines = new BoundedLineReader(reader, InputText.MaxRecordLength);
        long line = 0;
        var first = true;
        while (lines.TryReadLine(out var text))
        {
            line++;
            if (text is not null && string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            yield return text is null ? SourceRecord.Bad(line, InputText.TooLong("line"))
                : InputText.HasInvalidUtf8(text) ? SourceRecord.Bad(line, InputText.InvalidUtf8)
                : Parse(text, line, path, columns, first);
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
