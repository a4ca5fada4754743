using Img2Dataset.Engine.Fetch;
using Parquet;
using Parquet.Schema;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// A shard's metadata parquet copied row group by row group with the edits applied: a removed row gets status
/// "removed", the reason as its error_message and the evidence as its opt_out (and loses its image, in the parquet
/// output format), or is dropped when purged; a marked row gets the evidence as its opt_out. The schema is the
/// source's, column for column: nothing is inferred again.
/// </summary>
internal static class MetadataParquetRewrite
{
    private static readonly string[] ImageColumns = ["jpg", "png", "webp"];

    public static RewrittenPart Copy(string source, string finalPath, string partial, IReadOnlyDictionary<string, SampleEdit> edits, bool purge, List<RowChange> changes)
    {
        using var input = Storage.FileSharing.OpenRead(source);
        var (columns, imageColumn, rowGroups) = SchemaOfAsync(input, source).GetAwaiter().GetResult();
        using var part = new MetadataParquetPart(finalPath, partial, columns, imageColumn, inferText: false);
        for (var group = 0; group < rowGroups; group++)
        {
            foreach (var stored in Formats.ParquetRows.ReadGroup(input, group))
            {
                var row = columns.ToDictionary(c => c.Name, c => Value(stored.GetValueOrDefault(c.Name)));
                var image = imageColumn is null ? null : Bytes(stored.GetValueOrDefault(imageColumn));
                if (row.GetValueOrDefault("key") as string is { } key && edits.TryGetValue(key, out var edit) && Apply(row, edit, purge, changes))
                {
                    if (edit.Kind == SampleEditKind.Remove && purge)
                    {
                        continue;
                    }
                    image = edit.Kind == SampleEditKind.Remove ? null : image;
                }
                part.AddRow(row, image);
            }
        }
        part.Finish();
        return new RewrittenPart(finalPath, false, part.Committed());
    }

    /// <summary>Applies the edit to the row and records the change; false when there is nothing to change (a row already removed, kept).</summary>
    private static bool Apply(Dictionary<string, object?> row, SampleEdit edit, bool purge, List<RowChange> changes)
    {
        var status = row.GetValueOrDefault("status") as string ?? "";
        if (edit.Kind == SampleEditKind.Remove && status == SampleStatus.Removed && !purge)
        {
            return false;
        }
        changes.Add(new RowChange(status, row.GetValueOrDefault("error_message") as string, edit, purge && edit.Kind == SampleEditKind.Remove));
        if (edit.Kind == SampleEditKind.Remove)
        {
            row["status"] = SampleStatus.Removed;
            row["error_message"] = edit.Reason;
        }
        if (row.ContainsKey("opt_out"))
        {
            row["opt_out"] = edit.Evidence;
        }
        else
        {
            // Written with the reference's schema: the evidence goes where that schema keeps it.
            row["error_message"] = ReferenceSchema.Replace(row.GetValueOrDefault("error_message") as string, edit.Evidence);
        }
        return true;
    }

    private static async Task<(IReadOnlyList<(string Name, ColumnKind Kind)>, string?, int)> SchemaOfAsync(Stream input, string source)
    {
        await using var reader = await ParquetReader.CreateAsync(input, leaveStreamOpen: true);
        var columns = new List<(string, ColumnKind)>();
        string? image = null;
        foreach (var field in reader.Schema.Fields)
        {
            if (field is not DataField data)
            {
                throw new InvalidDataException($"{source}: column '{field.Name}' is nested ({field.SchemaType}); a shard's metadata columns are flat or lists.");
            }
            if ((data.ClrType == typeof(byte[]) || data.ClrType == typeof(ReadOnlyMemory<byte>)) && ImageColumns.Contains(data.Name))
            {
                image = data.Name;
                continue;
            }
            columns.Add((data.Name, KindOf(data, source)));
        }
        return (columns, image, reader.RowGroupCount);
    }

    private static ColumnKind KindOf(DataField field, string source) => field.ClrType switch
    {
        var t when t == typeof(int) && field.IsArray => ColumnKind.Int32List,
        var t when t == typeof(long) && field.IsArray => ColumnKind.Int64List,
        var t when (t == typeof(double) || t == typeof(float)) && field.IsArray => ColumnKind.DoubleList,
        var t when (t == typeof(string) || t == typeof(ReadOnlyMemory<char>)) && field.IsArray => ColumnKind.StringList,
        var t when t == typeof(bool) && field.IsArray => ColumnKind.BoolList,
        var t when t == typeof(int) => ColumnKind.Int32,
        var t when t == typeof(long) => ColumnKind.Int64,
        var t when t == typeof(double) || t == typeof(float) => ColumnKind.Double,
        var t when t == typeof(bool) => ColumnKind.Bool,
        var t when t == typeof(string) || t == typeof(ReadOnlyMemory<char>) => ColumnKind.String,
        _ => throw new InvalidDataException($"{source}: column '{field.Name}' is of type {field.ClrType.Name}, which a shard's metadata does not hold."),
    };

    private static byte[]? Bytes(object? stored) => stored switch
    {
        byte[] bytes => bytes,
        ReadOnlyMemory<byte> memory => memory.ToArray(),
        _ => null,
    };

    /// <summary>A value as the writer takes it: lists as object arrays, as the input readers give them.</summary>
    private static object? Value(object? stored) => stored switch
    {
        string or byte[] or null => stored,
        System.Collections.IEnumerable list => list.Cast<object?>().ToArray(),
        _ => stored,
    };
}
