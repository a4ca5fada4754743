using System.Text.Json;
using System.Text.Json.Nodes;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// The JSON sidecar of a sample (<c>KEY.json</c> in tars and folders) with new consent evidence, every other field kept
/// as it was: a marked sample's sidecar says what its metadata row says. A sidecar without opt_out (written with the
/// reference's schema) keeps that schema: the evidence goes into its error_message (see <see cref="ReferenceSchema"/>).
/// </summary>
internal static class SidecarJson
{
    public static byte[] WithEvidence(byte[] json, string evidence)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("A sample's JSON sidecar is not an object.");
        if (node.ContainsKey("opt_out"))
        {
            node["opt_out"] = evidence;
        }
        else
        {
            node["error_message"] = ReferenceSchema.Replace(node["error_message"]?.GetValue<string>(), evidence);
        }
        return JsonSerializer.SerializeToUtf8Bytes(node, new JsonSerializerOptions { WriteIndented = true });
    }
}
