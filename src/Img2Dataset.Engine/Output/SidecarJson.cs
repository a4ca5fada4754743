using System.Text.Json;
using System.Text.Json.Nodes;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// The JSON sidecar of a sample (<c>KEY.json</c> in tars and folders) with one field set, every other field kept as it
/// was: a marked sample's sidecar says what its metadata row says.
/// </summary>
internal static class SidecarJson
{
    public static byte[] With(byte[] json, string field, string? value)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("A sample's JSON sidecar is not an object.");
        node[field] = value;
        return JsonSerializer.SerializeToUtf8Bytes(node, new JsonSerializerOptions { WriteIndented = true });
    }
}
