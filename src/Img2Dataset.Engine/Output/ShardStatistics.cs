using System.Text.Json;
using System.Text.Json.Serialization;
using Img2Dataset.Engine.Fetch;

namespace Img2Dataset.Engine.Output;

/// <summary>A shard's <c>_stats.json</c>: img2dataset's fields, in its order.</summary>
public sealed class ShardStatistics
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [JsonPropertyName("count")] public int Count { get; set; }
    [JsonPropertyName("successes")] public int Successes { get; set; }
    [JsonPropertyName("failed_to_download")] public int FailedToDownload { get; set; }
    [JsonPropertyName("failed_to_resize")] public int FailedToResize { get; set; }
    /// <summary>Ours: samples removed after the shard was written, their rows kept (see <see cref="SampleStatus.Removed"/>); absent while 0.</summary>
    [JsonPropertyName("removed")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Removed { get; set; }
    [JsonPropertyName("duration")] public double Duration { get; set; }
    [JsonPropertyName("start_time")] public double StartTime { get; set; }
    [JsonPropertyName("end_time")] public double EndTime { get; set; }
    /// <summary>Message → count; successes are counted under "success"; bounded as an <see cref="ErrorTally"/>.</summary>
    [JsonPropertyName("status_dict")] public Dictionary<string, int> StatusDict { get; set; } = [];
    /// <summary>Which attempt published the shard and what (see <see cref="ShardCommit"/>); null in stats this module did not write.</summary>
    [JsonPropertyName("commit")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ShardCommit? Commit { get; set; }

    private const string SuccessKey = "success";

    public static ShardStatistics Started() => new() { StartTime = Now() };

    public void Add(string status, string? message)
    {
        Count++;
        switch (status)
        {
            case SampleStatus.Success:
                Successes++;
                // Counted as such, never through the tally's message keys or its cap.
                StatusDict[SuccessKey] = StatusDict.GetValueOrDefault(SuccessKey) + 1;
                return;
            case SampleStatus.FailedToDownload: FailedToDownload++; break;
            case SampleStatus.Removed: Removed++; break;
            default: FailedToResize++; break;
        }
        new ErrorTally(StatusDict).Add(message ?? status);
    }

    /// <summary>
    /// Takes one row of <paramref name="status"/> and <paramref name="message"/> back out of the counts, when the
    /// shard is rewritten without it or with it changed.
    /// </summary>
    public void Subtract(string status, string? message)
    {
        Count--;
        var key = status == SampleStatus.Success ? SuccessKey : ErrorTally.KeyOf(message ?? status);
        if (!StatusDict.ContainsKey(key))
        {
            // Past the tally's cap the row was counted among the other messages.
            key = ErrorTally.OtherMessages;
        }
        switch (status)
        {
            case SampleStatus.Success: Successes--; break;
            case SampleStatus.FailedToDownload: FailedToDownload--; break;
            case SampleStatus.Removed: Removed--; break;
            default: FailedToResize--; break;
        }
        if (StatusDict.TryGetValue(key, out var count))
        {
            if (count <= 1)
            {
                StatusDict.Remove(key);
            }
            else
            {
                StatusDict[key] = count - 1;
            }
        }
    }

    /// <summary>Counts a row removed for <paramref name="reason"/>, kept in the shard with its status.</summary>
    public void AddRemoved(string reason)
    {
        Count++;
        Removed++;
        new ErrorTally(StatusDict).Add(reason);
    }

    public void Finish()
    {
        EndTime = Now();
        Duration = EndTime - StartTime;
    }

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Indented);

    public static ShardStatistics Parse(string path) => Parse(File.ReadAllBytes(path), path);

    /// <param name="json">The stats file's bytes.</param>
    /// <param name="source">Where they were read, for the error.</param>
    public static ShardStatistics Parse(byte[] json, string source) =>
        JsonSerializer.Deserialize<ShardStatistics>(json) ?? throw new InvalidDataException($"{source} holds no statistics.");

    private static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
}
