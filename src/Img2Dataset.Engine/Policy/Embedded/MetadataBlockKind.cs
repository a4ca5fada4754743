namespace Img2Dataset.Engine.Policy.Embedded;

/// <summary>The kinds of embedded metadata that carry opt-out signals.</summary>
public enum MetadataBlockKind
{
    /// <summary>An XMP packet (ISO 16684-1), where IPTC properties live.</summary>
    Xmp,
    /// <summary>A JUMBF box (ISO/IEC 19566-5), the container of a C2PA manifest store.</summary>
    Jumbf,
}
