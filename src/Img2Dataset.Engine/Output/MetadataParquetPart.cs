using Img2Dataset.Engine.Imaging;
using Parquet;
using Parquet.Schema;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// <c>OUT/00000.parquet</c>: one row per input row, successes and failures, metadata columns in the reference's order
/// (int32 sizes, text otherwise) and, for the parquet output format, the image bytes in a column named after the
/// encode format. Written in row groups so memory holds at most one group, not the shard.
/// </summary>
internal sealed class MetadataParquetPart : IShardPart
{
    private const int RowsPerGroup = 512;
    private const long BytesPerGroup = 32L * 1024 * 1024;
    private readonly IReadOnlyList<(string Name, ColumnKind Kind)> columns;
    private readonly DataField[] fields;
    private readonly DataField? imageField;
    private readonly FileStream file;
    private readonly ParquetWriter writer;
    private readonly List<Dictionary<string, object?>> rows = [];
    private readonly List<byte[]?> images = [];
    private long bufferedImageBytes;
    private long? finishedBytes;

    public MetadataParquetPart(string path, IReadOnlyList<(string Name, ColumnKind Kind)> columns, string? imageColumn)
    {
        FinalPath = path;
        this.columns = columns;
        fields = columns.Select(c => c.Kind == ColumnKind.Int32 ? (DataField)new DataField<int?>(c.Name) : new DataField(c.Name, typeof(string), isNullable: true)).ToArray();
        imageField = imageColumn is null ? null : new DataField(imageColumn, typeof(byte[]), isNullable: true);
        file = DurableFile.Create(PartialPath.For(path));
        try
        {
            writer = ParquetWriter.CreateAsync(new ParquetSchema(imageField is null ? fields : [.. fields, imageField]), file).GetAwaiter().GetResult();
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public string FinalPath { get; }
    public bool IsFolder => false;
    public long Bytes => finishedBytes ?? file.Position;

    public void Add(DatasetSample sample)
    {
        // By name: the shard's columns come from its first sample, and a column this sample lacks stays null.
        rows.Add(SampleMetadata.Fields(sample).ToDictionary(f => f.Key, f => f.Value));
        if (imageField is not null)
        {
            images.Add(sample.Bytes);
            bufferedImageBytes += sample.Length;
        }
        if (rows.Count >= RowsPerGroup || bufferedImageBytes >= BytesPerGroup)
        {
            FlushAsync().GetAwaiter().GetResult();
        }
    }

    public void Finish()
    {
        FlushAsync().GetAwaiter().GetResult();
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        file.Flush(flushToDisk: true);
        finishedBytes = file.Position;
        file.Dispose();
    }

    /// <summary>
    /// Closes the file without the writer's footer: an unfinished part is discarded anyway, and disposing the writer
    /// again after <see cref="Finish"/> (or after its file failed) would throw.
    /// </summary>
    public void Dispose() => file.Dispose();

    private async Task FlushAsync()
    {
        if (rows.Count == 0)
        {
            return;
        }
        using (var group = writer.CreateRowGroup())
        {
            for (var c = 0; c < fields.Length; c++)
            {
                var name = columns[c].Name;
                if (columns[c].Kind == ColumnKind.Int32)
                {
                    await group.WriteAsync<int>(fields[c], rows.Select(r => (int?)r.GetValueOrDefault(name)).ToArray().AsMemory());
                }
                else
                {
                    await group.WriteAsync(fields[c], rows.Select(r => SampleMetadata.AsText(r.GetValueOrDefault(name))).ToArray());
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
}
