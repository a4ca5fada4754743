using Parquet;
using Parquet.Serialization;

namespace Img2Dataset.Engine.Input.Sources;

/// <summary>Parquet, one row group in memory at a time (Parquet.Net also decodes nested list columns such as boxes).</summary>
public sealed class ParquetSource : IRecordSource
{
    public IEnumerable<SourceRecord> Read(Stream stream, string path, IReadOnlyList<string> columns)
    {
        var rowGroups = OpenAndCheckAsync(stream, path, columns).GetAwaiter().GetResult();
        long record = 0;
        for (var group = 0; group < rowGroups; group++)
        {
            var rows = ParquetSerializer.DeserializeUntypedAsync(stream, rowGroupIndex: group).GetAwaiter().GetResult().Data;
            foreach (var row in rows)
            {
                record++;
                yield return new SourceRecord(record, columns.Select(c => row.GetValueOrDefault(c)).ToArray(), null);
            }
        }
    }

    private static async Task<int> OpenAndCheckAsync(Stream stream, string path, IReadOnlyList<string> columns)
    {
        try
        {
            await using var reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true);
            ColumnCheck.RequireAll(path, columns, reader.Schema.Fields.Select(f => f.Name).ToArray());
            return reader.RowGroupCount;
        }
        catch (Exception e) when (e is IOException or ParquetException or InvalidDataException)
        {
            throw new UrlListException(UrlListErrorKind.Malformed, path, null, $"{path} is not a readable parquet file: {e.Message}");
        }
    }
}
