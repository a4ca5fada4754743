using Img2Dataset.Engine.Formats;
using Parquet;

namespace Img2Dataset.Engine.Input.Sources;

/// <summary>Parquet, one row group in memory at a time; the columns are checked before the first row.</summary>
public sealed class ParquetSource : IRecordSource
{
    public IEnumerable<SourceRecord> Read(Stream stream, string path, IReadOnlyList<string> columns)
    {
        var rowGroups = Describe(stream, path, columns);
        long record = 0;
        using var rows = ParquetRows.Read(stream, rowGroups).GetEnumerator();
        while (Next(rows, path, record))
        {
            record++;
            yield return new SourceRecord(record, columns.Select(c => rows.Current.GetValueOrDefault(c)).ToArray(), null);
        }
    }

    /// <summary>A corrupt page ends the file with an error naming it and the last good record; the rows before it stand.</summary>
    private static bool Next(IEnumerator<Dictionary<string, object>> rows, string path, long recordsRead)
    {
        try
        {
            return rows.MoveNext();
        }
        catch (Exception e) when (e is not UrlListException and not OperationCanceledException)
        {
            throw new UrlListException(UrlListErrorKind.Malformed, path, recordsRead + 1,
                $"{path}: parquet data after record {recordsRead} cannot be read ({e.GetType().Name}: {e.Message})");
        }
    }

    private static int Describe(Stream stream, string path, IReadOnlyList<string> columns)
    {
        try
        {
            var (available, rowGroups) = ParquetRows.Describe(stream);
            ColumnCheck.RequireAll(path, columns, available.ToArray());
            return rowGroups;
        }
        catch (Exception e) when (e is IOException or ParquetException or InvalidDataException)
        {
            throw new UrlListException(UrlListErrorKind.Malformed, path, null, $"{path} is not a readable parquet file: {e.Message}");
        }
    }
}
