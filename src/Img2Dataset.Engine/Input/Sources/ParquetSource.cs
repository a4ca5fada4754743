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
        foreach (var row in ParquetRows.Read(stream, rowGroups))
        {
            record++;
            yield return new SourceRecord(record, columns.Select(c => row.GetValueOrDefault(c)).ToArray(), null);
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
