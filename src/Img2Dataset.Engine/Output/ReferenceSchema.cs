namespace Img2Dataset.Engine.Output;

/// <summary>
/// Where a sample's consent evidence goes when its metadata has no <c>opt_out</c> column (<see cref="MetadataSchema.Reference"/>,
/// or a stored sample written so): after its error_message, as "MESSAGE; opt_out: {JSON}", or "opt_out: {JSON}"
/// alone for a sample without a message (kept despite a signal the user chose to ignore or only mark). A rewrite
/// replaces the evidence a message already carries, as it replaces an opt_out column's value.
/// </summary>
public static class ReferenceSchema
{
    public const string EvidenceLabel = "opt_out: ";

    /// <summary>The message with this evidence in place of any it carried.</summary>
    public static string? Replace(string? message, string evidence) => ErrorMessage(WithoutEvidence(message), evidence);

    private static string? WithoutEvidence(string? message)
    {
        var at = EvidenceAt(message);
        return at < 0 ? message : message![..at].TrimEnd(' ', ';');
    }

    /// <summary>The evidence a message carries after its label; null when it carries none.</summary>
    public static string? EvidenceIn(string? message)
    {
        var at = EvidenceAt(message);
        return at < 0 ? null : message![(at + EvidenceLabel.Length)..];
    }

    private static int EvidenceAt(string? message) => message?.IndexOf(EvidenceLabel, StringComparison.Ordinal) ?? -1;

    public static string? ErrorMessage(string? message, string? evidence) => evidence switch
    {
        null => message,
        _ when string.IsNullOrEmpty(message) => EvidenceLabel + evidence,
        _ => $"{message}; {EvidenceLabel}{evidence}",
    };
}
