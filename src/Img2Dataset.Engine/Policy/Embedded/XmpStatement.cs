namespace Img2Dataset.Engine.Policy.Embedded;

/// <summary>
/// What one XMP packet states for consent: the IPTC Data Mining prohibition as evidence (null when none), and the URL
/// of a remote C2PA manifest from <c>dcterms:provenance</c> (null when none).
/// </summary>
public readonly record struct XmpStatement(string? Prohibition, string? Provenance);
