using System.Globalization;
using System.Text.Json;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// The per-sample metadata of img2dataset, in its order: additional columns, caption, url, key, status,
/// error_message, width, height, original_width, original_height, exif, the hash column; then opt_out (ours: a JSON
/// object with the signal that refused the image, what matched and where, the tdm-policy, and the signals seen but
/// ignored by the user's choice, so a dataset shows why each image is absent and what was overridden). With
/// <see cref="MetadataSchema.Reference"/> there is no opt_out column and the evidence follows the error_message.
/// </summary>
public static class SampleMetadata
{
    private static readonly HashSet<string> SizeColumns = ["width", "height", "original_width", "original_height"];

    /// <summary>The metadata columns of a shard, from its first sample: the sizes are int32, everything else text.</summary>
    public static IReadOnlyList<(string Name, ColumnKind Kind)> Columns(DatasetSample sample) =>
        Fields(sample).Select(f => (f.Key, SizeColumns.Contains(f.Key) ? ColumnKind.Int32 : ColumnKind.String)).ToList();

    /// <summary>Each column of <see cref="Columns"/> with this sample's value (its CLR value), in the same order.</summary>
    public static IReadOnlyList<KeyValuePair<string, object?>> Fields(DatasetSample sample)
    {
        var row = sample.Download.Row;
        var fields = new List<KeyValuePair<string, object?>>(row.AdditionalColumns);
        if (row.Layout.HasCaption)
        {
            fields.Add(new("caption", row.Caption));
        }
        var evidence = sample.Download.OptOut?.ToMetadata();
        var reference = sample.Schema == MetadataSchema.Reference;
        var message = reference ? ReferenceSchema.ErrorMessage(sample.ErrorMessage, evidence) : sample.ErrorMessage;
        fields.AddRange([new("url", row.Url), new("key", row.Key), new("status", sample.Status), new("error_message", message),
            new("width", sample.Width), new("height", sample.Height), new("original_width", sample.OriginalWidth), new("original_height", sample.OriginalHeight)]);
        if (sample.ExtractExif)
        {
            fields.Add(new("exif", sample.Exif));
        }
        if (ImageHash.ColumnName(sample.Download.HashKind) is { } hash)
        {
            fields.Add(new(hash, sample.Hash));
        }
        if (!reference)
        {
            fields.Add(new("opt_out", evidence));
        }
        return fields;
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
            foreach (var (name, value) in Fields(sample))
            {
                writer.WritePropertyName(name);
                JsonSerializer.Serialize(writer, value);
            }
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
