using System.Globalization;
using System.Text.Json;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// The per-sample metadata of img2dataset, in its order: additional columns, caption, url, key, status,
/// error_message, width, height, original_width, original_height, exif, the hash column; then opt_out (ours: the
/// signal and directives that refused the image, so a dataset shows why each image is absent).
/// </summary>
public static class SampleMetadata
{
    public static IReadOnlyList<(string Name, ColumnKind Kind)> Columns(DatasetSample sample)
    {
        var layout = sample.Download.Row.Layout;
        var columns = layout.AdditionalColumns.Select(c => (c, ColumnKind.String)).ToList();
        if (layout.HasCaption)
        {
            columns.Add(("caption", ColumnKind.String));
        }
        columns.AddRange([("url", ColumnKind.String), ("key", ColumnKind.String), ("status", ColumnKind.String), ("error_message", ColumnKind.String),
            ("width", ColumnKind.Int32), ("height", ColumnKind.Int32), ("original_width", ColumnKind.Int32), ("original_height", ColumnKind.Int32)]);
        if (sample.ExtractExif)
        {
            columns.Add(("exif", ColumnKind.String));
        }
        if (ImageHash.ColumnName(sample.Download.HashKind) is { } hash)
        {
            columns.Add((hash, ColumnKind.String));
        }
        columns.Add(("opt_out", ColumnKind.String));
        return columns;
    }

    /// <summary>The values of <see cref="Columns"/> for this sample, in the same order, as their CLR values.</summary>
    public static object?[] Values(DatasetSample sample)
    {
        var row = sample.Download.Row;
        var values = row.AdditionalColumns.Select(c => c.Value).ToList();
        if (row.Layout.HasCaption)
        {
            values.Add(row.Caption);
        }
        values.AddRange([row.Url, row.Key, sample.Status, sample.ErrorMessage, sample.Width, sample.Height, sample.OriginalWidth, sample.OriginalHeight]);
        if (sample.ExtractExif)
        {
            values.Add(sample.Exif);
        }
        if (sample.Download.HashKind != HashKind.None)
        {
            values.Add(sample.Hash);
        }
        values.Add(sample.Download.OptOut is { Allowed: false } refused ? refused.ToString() : null);
        return [.. values];
    }

    /// <summary>Text for a string column: strings as they are, other values as JSON (lists of boxes stay readable).</summary>
    public static string? AsText(object? value) => value switch
    {
        null => null,
        string text => text,
        IFormattable number and not Enum => number.ToString(null, CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(value),
    };

    /// <summary>The JSON sidecar (files, webdataset) of a sample: every column with its value.</summary>
    public static byte[] Json(DatasetSample sample)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            foreach (var ((name, _), value) in Columns(sample).Zip(Values(sample)))
            {
                writer.WritePropertyName(name);
                JsonSerializer.Serialize(writer, value);
            }
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
