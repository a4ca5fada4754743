namespace Img2Dataset.Engine.Input.Sources;

/// <summary>One URL per line; blank lines are skipped, as the reference's CSV-based reader does.</summary>
public sealed class TxtSource : IRecordSource
{
    public IEnumerable<SourceRecord> Read(Stream stream, string path, IReadOnlyList<string> columns)
    {
        if (columns.Count > 1)
        {
            throw ColumnCheck.Missing(path, columns.Skip(1).ToArray(), ["url (a txt list holds one URL per line and nothing else)"]);
        }
        using var reader = InputText.Reader(stream);
        var lines = new BoundedLineReader(reader, InputText.MaxRecordLength);
        long line = 0;
        while (lines.TryReadLine(out var text))
        {
            line++;
            var url = text?.Trim();
            if (url is null)
            {
                yield return SourceRecord.Bad(line, InputText.TooLong("line"));
            }
            else if (url.Length > 0)
            {
                yield return new SourceRecord(line, [url], null);
            }
        }
    }
}
