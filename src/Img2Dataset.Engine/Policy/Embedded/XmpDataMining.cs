using System.Xml;

namespace Img2Dataset.Engine.Policy.Embedded;

/// <summary>
/// The IPTC "Data Mining" property of an XMP packet (IPTC Photo Metadata Standard 2025.1, §"Data Mining": XMP
/// <c>plus:DataMining</c>, namespace <c>http://ns.useplus.org/ldf/xmp/1.0/</c>, a URI of the PLUS "Data Mining"
/// vocabulary <c>http://ns.useplus.org/ldf/vocab/DMI-…</c>), and, for <c>DMI-PROHIBITED-SEEOTHERPROPERTY</c>, the
/// <c>plus:OtherConstraints</c> text it points to. Read as attribute (<c>plus:DataMining="…"</c>), as element text,
/// or as <c>rdf:resource</c>. The packet is hostile: no DTD, no external entities, at most 4 M characters.
/// </summary>
public static class XmpDataMining
{
    private const string PlusNamespace = "http://ns.useplus.org/ldf/xmp/1.0/";
    private const string RdfNamespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    /// <summary>The PLUS codes that prohibit mining for AI training.</summary>
    public static IReadOnlySet<string> ProhibitingCodes { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "DMI-PROHIBITED",
        "DMI-PROHIBITED-AIMLTRAINING",
        "DMI-PROHIBITED-GENAIMLTRAINING",
        "DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING",
        "DMI-PROHIBITED-SEEOTHERPROPERTY",
    };

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = 4 * 1024 * 1024,
        IgnoreComments = true,
        IgnoreWhitespace = true,
    };

    /// <summary>The prohibiting value as evidence ("DMI-PROHIBITED-AIMLTRAINING", with the other constraints quoted when it points to them); null when the packet prohibits nothing.</summary>
    /// <exception cref="XmlException">The packet is not well-formed XML.</exception>
    public static string? Prohibition(ReadOnlyMemory<byte> packet)
    {
        var (code, otherConstraints) = Read(packet);
        if (code is null || !ProhibitingCodes.Contains(code))
        {
            return null;
        }
        return code.Equals("DMI-PROHIBITED-SEEOTHERPROPERTY", StringComparison.OrdinalIgnoreCase) && otherConstraints is { Length: > 0 } text
            ? $"{code}: \"{(text.Length > 200 ? text[..200] + "…" : text)}\""
            : code.ToUpperInvariant();
    }

    private static (string? Code, string? OtherConstraints) Read(ReadOnlyMemory<byte> packet)
    {
        string? code = null;
        string? other = null;
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
            if (reader.NamespaceURI != PlusNamespace)
            {
                continue;
            }
            if (reader.LocalName == "DataMining")
            {
                var resource = reader.GetAttribute("resource", RdfNamespace);
                if (resource is null && !reader.IsEmptyElement)
                {
                    resource = reader.ReadElementContentAsString();
                    advance = false;
                }
                code ??= Code(resource);
            }
            else if (reader.LocalName == "OtherConstraints" && !reader.IsEmptyElement)
            {
                other ??= FirstText(reader.ReadSubtree());
            }
        }
        return (code, other);
    }

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
