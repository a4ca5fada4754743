using Img2Dataset.Engine.Imaging;
using Parquet;
using Parquet.Schema;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// <c>OUT/00000.parquet</c>: one row per input row, successes and failures, metadata columns in the reference's order
/// (int32 sizes; other columns typed from the first row group's values, see <see cref="ColumnTypes"/>) and, for the
/// parquet output format, the image bytes in a column named after the encode format. Written in row groups so memory
/// holds at most one group, not the shard; the schema is fixed when the first group is written.
/// </summary>
internal sealed class MetadataParquetPart : IShardPart
{
    private const int RowsPerGroup = 512;
    private const long BytesPerGroup = 32L * 1024 * 1024;
    private readonly IReadOnlyList<(string Name, ColumnKind Kind)> declared;
    private readonly DataField? imageField;
    private readonly FileStream file;
    private (string Name, ColumnKind Kind)[] columns = [];
    private DataField[] fields = [];
    private ParquetWriter? writer;
    private readonly List<Dictionary<string, object?>> rows = [];
    private readonly List<byte[]?> images = [];
    private long bufferedImageBytes;
    private long? finishedBytes;

    private readonly bool inferText;

    /// <param name="path">Where the part is published.</param>
    /// <param name="partial">Where it is written.</param>
    /// <param name="columns">The metadata columns, in order.</param>
    /// <param name="imageColumn">The image column's name (the parquet output format), or null.</param>
    /// <param name="inferText">Whether the text columns take the type their first row group's values have (a new shard), or stay as declared (a shard rewritten).</param>
    public MetadataParquetPart(string path, string partial, IReadOnlyList<(string Name, ColumnKind Kind)> columns, string? imageColumn, bool inferText = true)
    {
        FinalPath = path;
        declared = columns;
        this.inferText = inferText;
        imageField = imageColumn is null ? null : new DataField(imageColumn, typeof(byte[]), isNullable: true);
        file = DurableFile.Create(partial);
    }

    public string FinalPath { get; }
    public bool IsFolder => false;
    public long Bytes => finishedBytes ?? file.Position;

    // By name: the shard's columns come from its first sample, and a column this sample lacks stays null.
    public void Add(DatasetSample sample) => AddRow(SampleMetadata.Fields(sample).ToDictionary(f => f.Key, f => f.Value), sample.Bytes);

    /// <summary>One row by column name, with its image for the parquet output format.</summary>
    public void AddRow(Dictionary<string, object?> row, byte[]? image)
    {
        rows.Add(row);
        if (imageField is not null)
        {
            images.Add(image);
            bufferedImageBytes += image?.Length ?? 0;
        }
        if (rows.Count >= RowsPerGroup || bufferedImageBytes >= BytesPerGroup)
        {
            FlushAsync().GetAwaiter().GetResult();
        }
    }

    public void Finish()
    {
        FlushAsync().GetAwaiter().GetResult();
        // A shard rewritten without any row still has its schema.
        writer ??= CreateWriterAsync().GetAwaiter().GetResult();
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        file.Flush(flushToDisk: true);
        finishedBytes = file.Position;
        file.Dispose();
    }

    public CommittedObject Committed() => new(Path.GetFileName(FinalPath), Bytes);

    /// <summary>
    /// Closes the file without the writer's footer: an unfinished part is discarded anyway, and disposing the writer
    /// again after <see cref="Finish"/> (or after its file failed) would throw.
    /// </summary>
    public void Dispose() => file.Dispose();

    /// <summary>The schema, once the first row group shows what the text columns really hold.</summary>
    private async Task<ParquetWriter> CreateWriterAsync()
    {
        columns = declared.Select(c => c.Kind == ColumnKind.String && inferText ? (c.Name, ColumnTypes.Infer(rows.Select(r => r.GetValueOrDefault(c.Name)))) : c).ToArray();
        fields = columns.Select(c => c.Kind switch
        {
            ColumnKind.Int32 => (DataField)new DataField<int?>(c.Name),
            ColumnKind.Int64 => new DataField<long?>(c.Name),
            ColumnKind.Double => new DataField<double?>(c.Name),
            ColumnKind.Bool => new DataField<bool?>(c.Name),
            ColumnKind.Int32List => new DataField(c.Name, typeof(int), isNullable: true, isArray: true),
            ColumnKind.Int64List => new DataField(c.Name, typeof(long), isNullable: true, isArray: true),
            ColumnKind.DoubleList => new DataField(c.Name, typeof(double), isNullable: true, isArray: true),
            ColumnKind.StringList => new DataField(c.Name, typeof(string), isNullable: true, isArray: true),
            ColumnKind.BoolList => new DataField(c.Name, typeof(bool), isNullable: true, isArray: true),
            _ => new DataField(c.Name, typeof(string), isNullable: true),
        }).ToArray();
        return await ParquetWriter.CreateAsync(new ParquetSchema(imageField is null ? fields : [.. fields, imageField]), file);
    }

    private async Task FlushAsync()
    {
        if (rows.Count == 0)
        {
            return;
        }
        writer ??= await CreateWriterAsync();
        using (var group = writer.CreateRowGroup())
        {
            for (var c = 0; c < fields.Length; c++)
            {
                var name = columns[c].Name;
                var values = rows.Select(r => r.GetValueOrDefault(name));
                switch (columns[c].Kind)
                {
                    case ColumnKind.Int32:
                        await group.WriteAsync<int>(fields[c], values.Select(ColumnTypes.AsInt32).ToArray().AsMemory());
                        break;
                    case ColumnKind.Int64:
                        await group.WriteAsync<long>(fields[c], values.Select(ColumnTypes.AsInt64).ToArray().AsMemory());
                        break;
                    case ColumnKind.Double:
                        await group.WriteAsync<double>(fields[c], values.Select(ColumnTypes.AsDouble).ToArray().AsMemory());
                        break;
                    case ColumnKind.Bool:
                        await group.WriteAsync<bool>(fields[c], values.Select(ColumnTypes.AsBool).ToArray().AsMemory());
                        break;
                    case ColumnKind.Int32List:
                        await WriteListAsync(group, fields[c], values, ColumnTypes.AsInt32);
                        break;
                    case ColumnKind.Int64List:
                        await WriteListAsync(group, fields[c], values, ColumnTypes.AsInt64);
                        break;
                    case ColumnKind.DoubleList:
                        await WriteListAsync(group, fields[c], values, ColumnTypes.AsDouble);
                        break;
                    case ColumnKind.BoolList:
                        await WriteListAsync(group, fields[c], values, ColumnTypes.AsBool);
                        break;
                    case ColumnKind.StringList:
                        var (texts, textLevels) = ColumnTypes.AsLists(values, SampleMetadata.AsText);
                        await group.WriteAsync(fields[c], texts, textLevels.AsMemory());
                        break;
                    default:
                        await group.WriteAsync(fields[c], values.Select(SampleMetadata.AsText).ToArray());
                        break;
                }
            }
            if (imageField is not null)
            {
                await group.WriteAsync(imageField, images.ToArray());
            }
        }
        rows.Clear();
        images.Clear();
        bufferedImageBytes = 0;
    }

    private static async Task WriteListAsync<T>(ParquetRowGroupWriter group, DataField field, IEnumerable<object?> rowValues, Func<object?, T?> item)
        where T : struct
    {
        var (values, levels) = ColumnTypes.AsLists(rowValues, item);
        await group.WriteAsync<T>(field, values.AsMemory(), levels.AsMemory());
    }
}
