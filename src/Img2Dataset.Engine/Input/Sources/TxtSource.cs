namespace Img2Dataset.Engine.Input.Sources;

/// <summary>
/// One URL per line; blank lines are skipped, as the reference's CSV-based reader does. Any other column asked for
/// is null in every record: a txt list has none (see <see cref="UrlListReader.Warning"/>).
/// </summary>
public sealed class TxtSource : IRecordSource
{
    public IEnumerable<SourceRecord> Read(Stream stream, string path, IReadOnlyList<string> columns)
    {
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
                var values = new object?[columns.Count];
                values[0] = url;
                yield return new SourceRecord(line, values, null);
            }
        }
    }
}
