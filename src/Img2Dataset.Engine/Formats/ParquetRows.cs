using Parquet;
using Parquet.Serialization;

namespace Img2Dataset.Engine.Formats;

/// <summary>Rows of a parquet file, one row group in memory at a time (Parquet.Net decodes nested lists too).</summary>
public static class ParquetRows
{
    /// <summary>The top-level column names and the number of row groups.</summary>
    public static (IReadOnlyList<string> Columns, int RowGroups) Describe(Stream stream) => DescribeAsync(stream).GetAwaiter().GetResult();

    public static IEnumerable<Dictionary<string, object>> Read(Stream stream, int rowGroups) =>
        Enumerable.Range(0, rowGroups).SelectMany(group => ReadGroup(stream, group));

    /// <summary>The rows of one row group, every column decoded.</summary>
    public static IList<Dictionary<string, object>> ReadGroup(Stream stream, int rowGroup) =>
        ParquetSerializer.DeserializeUntypedAsync(stream, rowGroupIndex: rowGroup).GetAwaiter().GetResult().Data;

    private static async Task<(IReadOnlyList<string>, int)> DescribeAsync(Stream stream)
    {
        await using var reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true);
        return (reader.Schema.Fields.Select(f => f.Name).ToArray(), reader.RowGroupCount);
    }
}
