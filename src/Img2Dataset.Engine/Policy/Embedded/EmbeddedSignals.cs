namespace Img2Dataset.Engine.Policy.Embedded;

/// <summary>
/// What the metadata embedded in one image states: the refusals (each with its place in the file as source), whether
/// a C2PA manifest store is embedded, and the URL a <c>dcterms:provenance</c> gives for a remote one.
/// </summary>
public sealed record EmbeddedSignals(IReadOnlyList<OptOutEvidence> Refusals, bool HasManifest, string? ManifestUrl)
{
    public static EmbeddedSignals None { get; } = new([], false, null);
}
