using Img2Dataset.Engine.Formats;

namespace Img2Dataset.Engine.Input.Sources;

/// <summary>
/// Parquet, only the columns asked for, one row group in memory at a time (see <see cref="ParquetColumns"/>); the
/// columns are checked before the first row. A fault past that ends the file with an error naming it and the record
/// (<see cref="UrlListReader"/>); the rows before it stand.
/// </summary>
public sealed class ParquetSource : IRecordSource
{
    public IEnumerable<SourceRecord> Read(Stream stream, string path, IReadOnlyList<string> columns)
    {
        Describe(stream, path, columns);
        long record = 0;
        foreach (var values in ParquetColumns.Read(stream, columns))
        {
            record++;
            yield return new SourceRecord(record, values, null);
        }
    }

    private static void Describe(Stream stream, string path, IReadOnlyList<string> columns)
    {
        IReadOnlyList<string> available;
        try
        {
            available = ParquetRows.Describe(stream).Columns;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever a garbled footer makes the reader throw (its own exceptions, an overflow, an index out of range).
            throw new UrlListException(UrlListErrorKind.Malformed, path, null, $"{path} is not a readable parquet file: {e.GetType().Name}: {e.Message}");
        }
        ColumnCheck.RequireAll(path, columns, available.ToArray());
    }
}
