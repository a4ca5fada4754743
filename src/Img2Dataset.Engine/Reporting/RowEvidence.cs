using System.Text.Json;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.Engine.Reporting;

/// <summary>
/// The consent evidence of a metadata row: its <c>opt_out</c> JSON, or, in a dataset written with the reference's
/// schema, the same JSON after "opt_out: " in its error_message (<see cref="ReferenceSchema"/>).
/// </summary>
public static class RowEvidence
{
    /// <summary>The evidence text and the signal that refused the row; the signal is null when nothing refused it.</summary>
    public static (string? Evidence, string? Signal) Of(IReadOnlyDictionary<string, object?> row)
    {
        var evidence = row.GetValueOrDefault("opt_out") as string ?? ReferenceSchema.EvidenceIn(row.GetValueOrDefault("error_message") as string);
        return (evidence, evidence is null ? null : Signal(evidence));
    }

    private static string? Signal(string evidence)
    {
        try
        {
            using var document = JsonDocument.Parse(evidence);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("signal", out var signal)
                   && signal.ValueKind == JsonValueKind.String
                ? signal.GetString()
                : null;
        }
        catch (JsonException)
        {
            // Evidence that is not JSON (a hand-edited row) names no signal; the row still counts by its status.
            return null;
        }
    }
}
