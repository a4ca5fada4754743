using System.Text.Json;
using Img2Dataset.Engine.Formats;

namespace Img2Dataset.Engine.Input;

/// <summary>The requested columns of a JSON record object (json arrays and jsonl lines).</summary>
internal static class JsonRecords
{
    /// <summary>The requested properties of a record object; the first (the url column) must be present.</summary>
    public static SourceRecord Record(JsonElement element, long line, string path, IReadOnlyList<string> columns, bool firstRecord)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return SourceRecord.Bad(line, $"expected a JSON object, found {element.ValueKind.ToString().ToLowerInvariant()}");
        }
        if (!element.TryGetProperty(columns[0], out _))
        {
            var keys = element.EnumerateObject().Select(p => p.Name).ToArray();
            if (firstRecord)
            {
                // A url key missing from the very first record is a wrong column name, not a bad row.
                throw ColumnCheck.Missing(path, [columns[0]], keys, line);
            }
            return SourceRecord.Bad(line, $"no '{columns[0]}' key; the keys are: {string.Join(", ", keys)}");
        }
        var values = new object?[columns.Count];
        string? error = null;
        for (var i = 0; i < columns.Count; i++)
        {
            if (!element.TryGetProperty(columns[i], out var value))
            {
                continue;
            }
            try
            {
                values[i] = JsonValues.ToClr(value);
            }
            catch (InvalidOperationException)
            {
                // A lone surrogate escape ("\ud83d", common in scraped text) is valid JSON but no text: that value is
                // the row's fault, and the row keeps the others (its url, when that is not the one).
                error ??= $"column '{columns[i]}' holds a lone UTF-16 surrogate escape, which is not text";
            }
        }
        return new SourceRecord(line, values, error);
    }
}
