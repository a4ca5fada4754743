using System.Text.Json;

namespace Img2Dataset.Engine.Input;

/// <summary>Turns JSON values into plain CLR values (string, long, double, bool, arrays, dictionaries) for the row.</summary>
internal static class JsonValues
{
    public static object? ToClr(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var whole) ? (object)whole : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => element.EnumerateArray().Select(ToClr).ToArray(),
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => ToClr(p.Value)),
        _ => null,
    };

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
        return new SourceRecord(line, columns.Select(c => element.TryGetProperty(c, out var v) ? ToClr(v) : null).ToArray(), null);
    }
}
