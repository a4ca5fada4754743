using System.Xml;

namespace Img2Dataset.Engine.Policy.Embedded;

/// <summary>
/// The IPTC "Data Mining" property of an XMP packet (XMP <c>plus:DataMining</c>, namespace
/// <c>http://ns.useplus.org/ldf/xmp/1.0/</c>), whose value "must come from the PLUS Data Mining vocabulary" (IPTC
/// Photo Metadata User Guide, "Rights Information" › "Data Mining", which lists its nine values), and, for
/// <c>DMI-PROHIBITED-SEECONSTRAINT</c>, the <c>plus:OtherConstraints</c> text that "must be populated if this value is
/// set". Also the <c>dcterms:provenance</c> of the packet, where C2PA puts the URL of a remote manifest (C2PA 1.4
/// §16.2.2). Read as attribute, as element text, or as <c>rdf:resource</c>. The packet is hostile: no DTD, no
/// external entities, at most 4 M characters.
/// </summary>
public static class XmpDataMining
{
    private const string PlusNamespace = "http://ns.useplus.org/ldf/xmp/1.0/";
    private const string RdfNamespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private const string DcTermsNamespace = "http://purl.org/dc/terms/";
    private const string SeeConstraint = "DMI-PROHIBITED-SEECONSTRAINT";

    /// <summary>
    /// The values of the vocabulary that prohibit: every <c>DMI-PROHIBITED…</c> value. The other two,
    /// <c>DMI-UNSPECIFIED</c> and <c>DMI-ALLOWED</c>, and any value outside the vocabulary, state no prohibition.
    /// </summary>
    public static IReadOnlySet<string> ProhibitingCodes { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "DMI-PROHIBITED-AIMLTRAINING",
        "DMI-PROHIBITED-GENAIMLTRAINING",
        "DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING",
        "DMI-PROHIBITED",
        SeeConstraint,
        "DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR",
        "DMI-PROHIBITED-SEELINKEDRIGHTSEXPR",
    };

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = 4 * 1024 * 1024,
        IgnoreComments = true,
        IgnoreWhitespace = true,
    };

    /// <summary>What the packet states: the prohibiting value as evidence ("DMI-PROHIBITED-AIMLTRAINING", with the other constraints quoted for SEECONSTRAINT), and the remote manifest's URL.</summary>
    /// <exception cref="XmlException">The packet is not well-formed XML.</exception>
    public static XmpStatement Read(ReadOnlyMemory<byte> packet)
    {
        var (code, otherConstraints, provenance) = Properties(packet);
        return new XmpStatement(Prohibition(code, otherConstraints), provenance);
    }

    /// <summary>The prohibiting value as evidence; null when the packet prohibits nothing.</summary>
    /// <exception cref="XmlException">The packet is not well-formed XML.</exception>
    public static string? Prohibition(ReadOnlyMemory<byte> packet) => Read(packet).Prohibition;

    private static string? Prohibition(string? code, string? otherConstraints)
    {
        if (code is null || !ProhibitingCodes.Contains(code))
        {
            return null;
        }
        return code.Equals(SeeConstraint, StringComparison.OrdinalIgnoreCase) && otherConstraints is { Length: > 0 } text
            ? $"{SeeConstraint}: \"{(text.Length > 200 ? text[..200] + "…" : text)}\""
            : code.ToUpperInvariant();
    }

    private static (string? Code, string? OtherConstraints, string? Provenance) Properties(ReadOnlyMemory<byte> packet)
    {
        string? code = null;
        string? other = null;
        string? provenance = null;
        using var stream = new MemoryStream(packet.ToArray(), writable: false);
        using var reader = XmlReader.Create(stream, Settings);
        // Reading an element's content leaves the reader on the next node already: it must not be skipped.
        var advance = true;
        while (!advance || reader.Read())
        {
            advance = true;
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }
            code ??= Code(reader.GetAttribute("DataMining", PlusNamespace));
            provenance ??= NonBlank(reader.GetAttribute("provenance", DcTermsNamespace));
            if (reader.NamespaceURI == DcTermsNamespace && reader.LocalName == "provenance")
            {
                provenance ??= NonBlank(ValueOf(reader, ref advance));
                continue;
            }
            if (reader.NamespaceURI != PlusNamespace)
            {
                continue;
            }
            if (reader.LocalName == "DataMining")
            {
                code ??= Code(ValueOf(reader, ref advance));
            }
            else if (reader.LocalName == "OtherConstraints" && !reader.IsEmptyElement)
            {
                other ??= FirstText(reader.ReadSubtree());
            }
        }
        return (code, other, provenance);
    }

    /// <summary>A simple property's value: its rdf:resource, else its text (which moves the reader past it).</summary>
    private static string? ValueOf(XmlReader reader, ref bool advance)
    {
        var resource = reader.GetAttribute("resource", RdfNamespace);
        if (resource is null && !reader.IsEmptyElement)
        {
            resource = reader.ReadElementContentAsString();
            advance = false;
        }
        return resource;
    }

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The vocabulary code of a value, which is a URI ending in the code (a bare code is taken too).</summary>
    private static string? Code(string? value)
    {
        var text = value?.Trim();
        return string.IsNullOrEmpty(text) ? null : text[(text.LastIndexOf('/') + 1)..];
    }

    /// <summary>The first text of a language alternative (rdf:Alt / rdf:li), or of the element itself.</summary>
    private static string? FirstText(XmlReader subtree)
    {
        using (subtree)
        {
            while (subtree.Read())
            {
                if (subtree.NodeType is XmlNodeType.Text or XmlNodeType.CDATA && subtree.Value.Trim() is { Length: > 0 } text)
                {
                    return text;
                }
            }
        }
        return null;
    }
}
