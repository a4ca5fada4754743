using System.Text.Json.Serialization;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// One data object of a committed shard, as its commit record states it: the name (a folder of the files layout
/// ends with "/"), the bytes, the MD5 of a remote object (base64), the number of files of a folder.
/// </summary>
public sealed record CommittedObject(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("md5")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Md5 = null,
    [property: JsonPropertyName("files")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Files = null)
{
    [JsonIgnore]
    public bool IsFolder => Name.EndsWith('/');
}
