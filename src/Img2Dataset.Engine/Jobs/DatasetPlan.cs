using System.Text.Json;
using System.Text.Json.Serialization;

namespace Img2Dataset.Engine.Jobs;

/// <summary>
/// The shards a job's input makes, first to last, saved as <c>.img2dataset/plan.json</c> once the input is counted, so
/// the dataset can say which shards are missing, whoever wrote the others (every worker writes the same plan).
/// </summary>
public sealed record DatasetPlan(
    [property: JsonPropertyName("first_shard")] int FirstShard,
    [property: JsonPropertyName("last_shard")] int LastShard,
    [property: JsonPropertyName("worker_count")] int WorkerCount)
{
    /// <summary>The module that planned the dataset ("Img2Dataset 0.1.0"); absent in plans written before it was recorded.</summary>
    [JsonPropertyName("written_by")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WrittenBy { get; init; }

    public const string FileName = "plan.json";

    public IEnumerable<int> Shards => Enumerable.Range(FirstShard, LastShard - FirstShard + 1);

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>The plan, or null when the text is not one.</summary>
    public static DatasetPlan? Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<DatasetPlan>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
