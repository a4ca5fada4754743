using System.Text.Json;

namespace Img2Dataset.Engine.Formats;

/// <summary>
/// JSON values as plain CLR values: string, long or double, bool, null, object?[] and dictionaries. Only plain values
/// leave the engine: System.Text.Json's own types never cross into the cmdlets' assembly, which may bind to another
/// copy of System.Text.Json than the engine's load context does.
/// </summary>
public static class JsonValues
{
    /// <summary>The members of the JSON object <paramref name="json"/> holds, in order.</summary>
    /// <exception cref="InvalidDataException">The text is not JSON, or not a JSON object.</exception>
    public static IReadOnlyList<JsonMember> ReadObject(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not JSON: {e.Message}", e);
        }
        using var _ = document;
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"expected a JSON object, found {document.RootElement.ValueKind}");
        }
        return document.RootElement.EnumerateObject().Select(p => new JsonMember(p.Name, ToClr(p.Value), p.Value.GetRawText())).ToList();
    }

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
}
