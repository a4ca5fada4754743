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
        return new SourceRecord(line, columns.Select(c => element.TryGetProperty(c, out var v) ? JsonValues.ToClr(v) : null).ToArray(), null);
    }
}
