using Parquet;
using Parquet.Schema;

namespace Img2Dataset.Engine.Formats;

/// <summary>
/// The rows of a parquet URL list, reading only the columns asked for, one row group at a time. A flat column is
/// read on its own (a list of a million rows in one row group with a caption and ten other columns no longer decodes
/// those ten); a nested one (a list of boxes, a list of labels) needs Parquet.Net's record assembly, which reads the
/// whole row group. Either way one row group is held at a time, so a row group whose columns read would hold more
/// than <see cref="MaxRowGroupBytes"/> uncompressed, by the file's own metadata, is refused before it is read.
/// </summary>
public static class ParquetColumns
{
    /// <summary>What the columns read of one row group may hold uncompressed: 512 MiB.</summary>
    public const long MaxRowGroupBytes = 512L * 1024 * 1024;

    /// <summary>The values of <paramref name="columns"/> for every row, in the order asked; missing columns are null.</summary>
    /// <exception cref="InvalidDataException">A row group is over <paramref name="maxRowGroupBytes"/>.</exception>
    public static IEnumerable<object?[]> Read(Stream stream, IReadOnlyList<string> columns, long maxRowGroupBytes = MaxRowGroupBytes)
    {
        var reader = ParquetReader.CreateAsync(stream, leaveStreamOpen: true).GetAwaiter().GetResult();
        try
        {
            foreach (var row in Read(reader, stream, columns, maxRowGroupBytes))
            {
                yield return row;
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static IEnumerable<object?[]> Read(ParquetReader reader, Stream stream, IReadOnlyList<string> columns, long maxRowGroupBytes)
    {
        var schemaFields = columns.Select(c => reader.Schema.Fields.FirstOrDefault(f => f.Name == c)).ToArray();
        var flat = schemaFields.All(f => f is null or DataField { MaxRepetitionLevel: 0 });
        var fields = schemaFields.Select(f => f as DataField).ToArray();
        for (var group = 0; group < reader.RowGroupCount; group++)
        {
            using var rowGroup = reader.OpenRowGroupReader(group);
            var bytes = flat
                ? fields.OfType<DataField>().Sum(f => rowGroup.GetMetadata(f)?.MetaData?.TotalUncompressedSize ?? 0)
                : rowGroup.RowGroup.TotalByteSize;
            if (bytes > maxRowGroupBytes)
            {
                throw new InvalidDataException(
                    $"row group {group + 1} holds {bytes / (1024.0 * 1024):N1} MiB in the columns read, more than the {maxRowGroupBytes / (1024.0 * 1024):N1} MiB one row group may take; write the list with smaller row groups (pyarrow: row_group_size=100_000)");
            }
            var rows = flat ? ReadFlat(rowGroup, fields) : ReadAssembled(stream, group, columns);
            foreach (var row in rows)
            {
                yield return row;
            }
        }
    }

    private static IEnumerable<object?[]> ReadFlat(ParquetRowGroupReader rowGroup, DataField?[] fields)
    {
        var count = checked((int)rowGroup.RowCount);
        var values = fields.Select(f => f is null ? null : ReadColumn(rowGroup, f, count)).ToArray();
        for (var row = 0; row < count; row++)
        {
            yield return values.Select(column => column?.GetValue(row)).ToArray();
        }
    }

    /// <summary>A flat column's values, one per row (null where the row has none).</summary>
    private static Array ReadColumn(ParquetRowGroupReader rowGroup, DataField field, int count)
    {
        // Parquet.Net 6 describes text and binary columns as ReadOnlyMemory; they are read as strings and arrays.
        if (field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>))
        {
            var text = new string?[count];
            rowGroup.ReadAsync(field, text.AsMemory(), null, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            return text;
        }
        if (field.ClrType == typeof(byte[]) || field.ClrType == typeof(ReadOnlyMemory<byte>))
        {
            var bytes = new byte[]?[count];
            rowGroup.ReadAsync(field, bytes.AsMemory(), null, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            return bytes;
        }
        return (Array)ReadValuesMethod.MakeGenericMethod(field.ClrType).Invoke(null, [rowGroup, field, count])!;
    }

    private static readonly System.Reflection.MethodInfo ReadValuesMethod =
        typeof(ParquetColumns).GetMethod(nameof(ReadValues), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    private static T?[] ReadValues<T>(ParquetRowGroupReader rowGroup, DataField field, int count) where T : struct
    {
        var values = new T?[count];
        rowGroup.ReadAsync(field, values.AsMemory(), null, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return values;
    }

    /// <summary>
    /// Rows of a row group with nested columns, assembled by Parquet.Net (which reads every column of the group), each
    /// value as the other readers give theirs: a list as object?[], text as string, a struct as a dictionary.
    /// </summary>
    private static IEnumerable<object?[]> ReadAssembled(Stream stream, int group, IReadOnlyList<string> columns) =>
        ParquetRows.ReadGroup(stream, group).Select(row => columns.Select(c => Plain(row.GetValueOrDefault(c))).ToArray());

    /// <summary>A value of Parquet.Net's assembly as a plain value: its List&lt;T?&gt; and ReadOnlyMemory types are not.</summary>
    private static object? Plain(object? value) => value switch
    {
        null or string or byte[] => value,
        ReadOnlyMemory<char> text => text.ToString(),
        ReadOnlyMemory<byte> bytes => bytes.ToArray(),
        System.Collections.IDictionary map => map.Keys.Cast<object>().ToDictionary(k => k.ToString() ?? "", k => Plain(map[k])),
        System.Collections.IEnumerable list => list.Cast<object?>().Select(Plain).ToArray(),
        _ => value,
    };
}
