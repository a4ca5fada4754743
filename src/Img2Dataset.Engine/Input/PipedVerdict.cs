using System.Text.Json;
using Img2Dataset.Engine.Policy;

namespace Img2Dataset.Engine.Input;

/// <summary>
/// A refusal that came down the pipeline with its row (Test-RobotsDirective's verdict on a UrlRow), kept in the
/// job's spool of piped rows (<see cref="JsonLinesSpool.PipelineFileName"/>) as one more column, so the job, and any
/// later run that resumes from the spool, never requests what the audit refused, and records its evidence as the
/// audit found it. Only that spool file is read for the column: no list of a user's carries it.
/// </summary>
public static class PipedVerdict
{
    public const string Column = "img2dataset_refused";

    public static bool IsSpool(string path) => Path.GetFileName(path) == JsonLinesSpool.PipelineFileName;

    /// <summary>The refusal of a row as the spool keeps it; null for a row no audit refused.</summary>
    public static string? ToJson(UrlRow row) => row.Refused && row.Verdict is { Decision: { } decision } verdict
        ? JsonSerializer.Serialize(new Record(verdict.Url, verdict.StatusCode, decision.Signal.ToString(), decision.MatchedDirectives, decision.Source,
            decision.TdmPolicy, decision.AlsoRefused.Select(Of).ToArray(), decision.Ignored.Select(Of).ToArray()))
        : null;

    /// <summary>The verdict a spooled value holds; null for none, or for a value that is not one (the row is then asked as usual).</summary>
    public static OptOutVerdict? Parse(object? value)
    {
        if (value is not string { Length: > 0 } json)
        {
            return null;
        }
        try
        {
            var record = JsonSerializer.Deserialize<Record>(json);
            if (record is null || !Enum.TryParse<OptOutSignal>(record.Signal, out var signal) || signal == OptOutSignal.None)
            {
                return null;
            }
            return new OptOutVerdict
            {
                Url = record.Url,
                StatusCode = record.Status,
                Decision = new OptOutDecision
                {
                    Signal = signal,
                    MatchedDirectives = record.Matched ?? [],
                    Source = record.Source,
                    TdmPolicy = record.TdmPolicy,
                    AlsoRefused = Evidence(record.AlsoRefused, ignored: false),
                    Ignored = Evidence(record.Ignored, ignored: true),
                },
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static EvidenceRecord Of(OptOutEvidence evidence) => new(evidence.Signal.ToString(), evidence.Matched, evidence.Source);

    private static OptOutEvidence[] Evidence(EvidenceRecord[]? records, bool ignored) =>
        (records ?? []).Select(r => Enum.TryParse<OptOutSignal>(r.Signal, out var s) ? new OptOutEvidence(s, r.Matched, r.Source, ignored) : null)
            .OfType<OptOutEvidence>().ToArray();

    private sealed record Record(string? Url, int? Status, string Signal, IReadOnlyList<string>? Matched, string? Source, string? TdmPolicy,
        EvidenceRecord[]? AlsoRefused, EvidenceRecord[]? Ignored);

    private sealed record EvidenceRecord(string Signal, string Matched, string? Source);
}
