using System.Text.Json.Serialization;

namespace Img2Dataset.Engine.Maintenance;

/// <summary>
/// One maintenance run on a dataset, as its history keeps it (<c>.img2dataset/maintenance.json</c>): a takedown or a
/// consent re-check pass, when it started and finished (null while unfinished: a consent pass stopped half-way is
/// resumed by the next run, which skips the shards it lists as done), what it removed by signal, marked, and could not
/// reach.
/// </summary>
public sealed record MaintenanceRecord
{
    public const string Takedown = "takedown";
    public const string Consent = "consent";

    [JsonPropertyName("operation")] public required string Operation { get; init; }
    [JsonPropertyName("pass")] public int Pass { get; init; }
    [JsonPropertyName("started")] public DateTimeOffset Started { get; init; }
    [JsonPropertyName("finished")] public DateTimeOffset? Finished { get; set; }
    [JsonPropertyName("shards_done")] public List<string> ShardsDone { get; init; } = [];
    [JsonPropertyName("rechecked")] public int Rechecked { get; set; }
    [JsonPropertyName("removed")] public int Removed { get; set; }
    [JsonPropertyName("marked")] public int Marked { get; set; }
    [JsonPropertyName("unreachable")] public int Unreachable { get; set; }
    [JsonPropertyName("removed_by_signal")] public Dictionary<string, int> RemovedBySignal { get; init; } = [];

    public override string ToString() => FormattableString.Invariant(
        $"{Operation} pass {Pass} of {Started:yyyy-MM-dd HH:mm}Z: {Removed:N0} removed, {Marked:N0} marked{(Operation == Consent ? $", {Rechecked:N0} rechecked, {Unreachable:N0} unreachable" : "")}{(Finished is null ? " (unfinished)" : "")}");
}
