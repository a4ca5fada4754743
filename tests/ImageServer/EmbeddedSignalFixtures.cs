using System.Buffers.Binary;
using System.Formats.Cbor;
using System.IO.Hashing;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;

namespace Img2Dataset.ImageServer;

/// <summary>
/// Images carrying embedded opt-out signals, written from the structures the specifications define: an XMP packet
/// with the IPTC <c>plus:DataMining</c> property (IPTC Photo Metadata Standard), and a C2PA manifest store (JUMBF
/// superboxes: store "c2pa" → manifest → "c2pa.assertions" → a training-mining assertion whose content is a CBOR
/// box), placed in a JPEG (APP1 / APP11 segments), a PNG (iTXt / caBX chunks) or a WebP (XMP / C2PA chunks). Also
/// malformed variants: XMP that is not XML, JUMBF cut short, CBOR garbage. Served under <c>/embedded/NAME</c>.
/// </summary>
public static class EmbeddedSignalFixtures
{
    private const string PlusVocabulary = "http://ns.useplus.org/ldf/vocab/";

    public static IReadOnlyList<string> Names { get; } =
    [
        "iptc-aimltraining.jpg", "iptc-prohibited.png", "iptc-genai.webp", "iptc-seeconstraint.jpg", "iptc-seeembedded.jpg", "iptc-seelinked.png",
        "iptc-attribute.jpg", "iptc-allowed.jpg", "iptc-unspecified.jpg", "iptc-outside-vocabulary.jpg",
        "c2pa-notallowed.jpg", "c2pa-notallowed.png", "c2pa-notallowed.webp", "cawg-notallowed.jpg", "c2pa-json.jpg", "c2pa-allowed.jpg",
        "c2pa-constrained.jpg", "cawg-constrained.png", "iptc-and-c2pa.jpg",
        "iptc-aimltraining.gif", "c2pa-notallowed.gif", "iptc-prohibited.tif", "c2pa-notallowed.tif", "iptc-genai.avif", "c2pa-notallowed.heic",
        "xmp-provenance.jpg", "xmp-not-xml.jpg", "jumbf-truncated.jpg", "cbor-garbage.png", "plain.jpg", "xmp-inflation-bomb.png",
    ];

    /// <summary>A manifest store served on its own (application/c2pa), as a remote manifest is.</summary>
    public const string RemoteManifest = "manifest-notallowed.c2pa";

    /// <summary>Where <c>xmp-provenance.jpg</c>'s dcterms:provenance points, relative to the image: the remote manifest.</summary>
    public const string ProvenanceReference = "/embedded/" + RemoteManifest;

    public static byte[]? Create(string name) => name switch
    {
        "iptc-aimltraining.jpg" => Jpeg(xmp: Xmp("DMI-PROHIBITED-AIMLTRAINING")),
        "iptc-prohibited.png" => Png(xmp: Xmp("DMI-PROHIBITED")),
        "xmp-inflation-bomb.png" => InflationBombPng(chunks: 200, inflatedBytes: 4 * 1024 * 1024),
        "iptc-genai.webp" => WebP(xmp: Xmp("DMI-PROHIBITED-GENAIMLTRAINING")),
        "iptc-seeconstraint.jpg" => Jpeg(xmp: Xmp("DMI-PROHIBITED-SEECONSTRAINT", "No AI training without a licence from the studio.")),
        "iptc-seeembedded.jpg" => Jpeg(xmp: Xmp("DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR")),
        "iptc-seelinked.png" => Png(xmp: Xmp("DMI-PROHIBITED-SEELINKEDRIGHTSEXPR")),
        "iptc-unspecified.jpg" => Jpeg(xmp: Xmp("DMI-UNSPECIFIED")),
        // A code the vocabulary does not have (earlier releases of this module listed it) states nothing.
        "iptc-outside-vocabulary.jpg" => Jpeg(xmp: Xmp("DMI-PROHIBITED-SEEOTHERPROPERTY", "Not a vocabulary value.")),
        "iptc-attribute.jpg" => Jpeg(xmp: XmpAttribute("DMI-PROHIBITED-AIMLTRAINING")),
        "iptc-allowed.jpg" => Jpeg(xmp: Xmp("DMI-ALLOWED")),
        // A store larger than one APP11 segment, so the reader must reassemble the packets.
        "c2pa-notallowed.jpg" => Jpeg(jumbf: ManifestStore("c2pa.training-mining", Cbor("c2pa", "notAllowed"), padding: 70_000)),
        "c2pa-notallowed.png" => Png(jumbf: ManifestStore("c2pa.training-mining", Cbor("c2pa", "notAllowed"))),
        "c2pa-notallowed.webp" => WebP(jumbf: ManifestStore("c2pa.training-mining", Cbor("c2pa", "notAllowed"))),
        "cawg-notallowed.jpg" => Jpeg(jumbf: ManifestStore("cawg.training-mining", Cbor("cawg", "notAllowed"))),
        "c2pa-json.jpg" => Jpeg(jumbf: ManifestStore("c2pa.training-mining__1", Box("json", Encoding.UTF8.GetBytes("{\"entries\":{\"c2pa.data_mining\":{\"use\":\"notAllowed\"}}}")))),
        "c2pa-allowed.jpg" => Jpeg(jumbf: ManifestStore("c2pa.training-mining", Cbor("c2pa", "allowed"))),
        "c2pa-constrained.jpg" => Jpeg(jumbf: ManifestStore("c2pa.training-mining", Cbor("c2pa", "constrained", "Training allowed for academic research only."))),
        "cawg-constrained.png" => Png(jumbf: ManifestStore("cawg.training-mining", Cbor("cawg", "constrained"))),
        "iptc-and-c2pa.jpg" => Jpeg(xmp: Xmp("DMI-PROHIBITED"), jumbf: ManifestStore("c2pa.training-mining", Cbor("c2pa", "notAllowed"))),
        "iptc-aimltraining.gif" => Contained(image => MetadataContainers.Gif(image, xmp: Xmp("DMI-PROHIBITED-AIMLTRAINING"))),
        "c2pa-notallowed.gif" => Contained(image => MetadataContainers.Gif(image, jumbf: ManifestStore("c2pa.training-mining", Cbor("c2pa", "notAllowed"), padding: 1_000))),
        "iptc-prohibited.tif" => Contained(image => MetadataContainers.Tiff(image, xmp: Xmp("DMI-PROHIBITED"))),
        "c2pa-notallowed.tif" => Contained(image => MetadataContainers.Tiff(image, jumbf: ManifestStore("c2pa.training-mining", Cbor("c2pa", "notAllowed")))),
        "iptc-genai.avif" => MetadataContainers.Bmff("avif", xmp: Xmp("DMI-PROHIBITED-GENAIMLTRAINING")),
        "c2pa-notallowed.heic" => MetadataContainers.Bmff("heic", jumbf: ManifestStore("c2pa.training-mining", Cbor("c2pa", "notAllowed"))),
        "xmp-provenance.jpg" => Jpeg(xmp: Xmp("DMI-ALLOWED", provenance: ProvenanceReference)),
        RemoteManifest => ManifestStore("c2pa.training-mining", Cbor("c2pa", "notAllowed")),
        "xmp-not-xml.jpg" => Jpeg(xmp: Encoding.UTF8.GetBytes("<x:xmpmeta plus:DataMining=\"DMI-PROHIBITED\" <<< not xml")),
        "jumbf-truncated.jpg" => Jpeg(jumbf: ManifestStore("c2pa.training-mining", Cbor("c2pa", "notAllowed"))[..60]),
        "cbor-garbage.png" => Png(jumbf: ManifestStore("c2pa.training-mining", Box("cbor", [0xBF, 0x67, 0x65, 0x6E, 0xFF, 0x13, 0x9B]))),
        "plain.jpg" => Jpeg(),
        _ => null,
    };

    private static byte[] Xmp(string code, string? otherConstraints = null, string? provenance = null) => Encoding.UTF8.GetBytes($"""
        <?xpacket begin="﻿" id="W5M0MpCehiHzreSzNTczkc9d"?>
        <x:xmpmeta xmlns:x="adobe:ns:meta/">
         <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
          <rdf:Description rdf:about="" xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"
            xmlns:dcterms="http://purl.org/dc/terms/"{(provenance is null ? "" : $" dcterms:provenance=\"{provenance}\"")}>
           <dc:title><rdf:Alt><rdf:li xml:lang="x-default">A fixture</rdf:li></rdf:Alt></dc:title>
           <plus:DataMining>{PlusVocabulary}{code}</plus:DataMining>
           {(otherConstraints is null ? "" : $"<plus:OtherConstraints><rdf:Alt><rdf:li xml:lang=\"x-default\">{otherConstraints}</rdf:li></rdf:Alt></plus:OtherConstraints>")}
          </rdf:Description>
         </rdf:RDF>
        </x:xmpmeta>
        <?xpacket end="w"?>
        """);

    private static byte[] XmpAttribute(string code) => Encoding.UTF8.GetBytes($"""
        <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
        <rdf:Description rdf:about="" xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/" plus:DataMining="{PlusVocabulary}{code}"/>
        </rdf:RDF></x:xmpmeta>
        """);

    /// <summary>{"entries": {"P.ai_training": {"use": U}, "P.ai_generative_training": {"use": U}, "P.ai_inference": {"use": "allowed"}}}, each refusing entry with <paramref name="constraintInfo"/> when given.</summary>
    private static byte[] Cbor(string prefix, string use, string? constraintInfo = null)
    {
        var writer = new CborWriter();
        writer.WriteStartMap(1);
        writer.WriteTextString("entries");
        writer.WriteStartMap(3);
        foreach (var (entry, value) in new[] { ("ai_inference", "allowed"), ("ai_training", use), ("ai_generative_training", use) })
        {
            var constrained = constraintInfo is not null && value == use;
            writer.WriteTextString($"{prefix}.{entry}");
            writer.WriteStartMap(constrained ? 2 : 1);
            writer.WriteTextString("use");
            writer.WriteTextString(value);
            if (constrained)
            {
                writer.WriteTextString("constraint_info");
                writer.WriteTextString(constraintInfo!);
            }
            writer.WriteEndMap();
        }
        writer.WriteEndMap();
        writer.WriteEndMap();
        return Box("cbor", writer.Encode());
    }

    /// <summary>The store: "c2pa" → an older manifest (allowing) and the active one, last, holding the assertion.</summary>
    private static byte[] ManifestStore(string assertionLabel, byte[] content, int padding = 0)
    {
        var older = Superbox("urn:uuid:00000000-0000-0000-0000-000000000001", Superbox("c2pa.assertions", Superbox(assertionLabel, Cbor("c2pa", "allowed"))));
        var thumbnail = Superbox("c2pa.thumbnail.claim.jpeg", Box("bidb", new byte[padding]));
        var active = Superbox("urn:uuid:00000000-0000-0000-0000-000000000002", Superbox("c2pa.assertions", thumbnail, Superbox(assertionLabel, content)));
        return Superbox("c2pa", older, active);
    }

    /// <summary>A JUMBF superbox: a description box with the label (toggles 0x03), then the children.</summary>
    public static byte[] Superbox(string label, params byte[][] children)
    {
        var description = new List<byte>(new byte[16]) { 0x03 };
        description.AddRange(Encoding.UTF8.GetBytes(label));
        description.Add(0);
        return Box("jumb", [.. Box("jumd", [.. description]), .. children.SelectMany(c => c)]);
    }

    /// <summary>A JUMBF (ISO BMFF-style) box: LBox, TBox, payload.</summary>
    public static byte[] Box(string type, byte[] payload)
    {
        var box = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.ASCII.GetBytes(type, box.AsSpan(4));
        payload.CopyTo(box, 8);
        return box;
    }

    private static byte[] Contained(Func<Image, byte[]> write)
    {
        using var image = PhotoGenerator.Create(64, 48, seed: 7, withAlpha: false);
        return write(image);
    }

    private static byte[] Encode(Action<Image, MemoryStream> encode) => Contained(image =>
    {
        using var stream = new MemoryStream();
        encode(image, stream);
        return stream.ToArray();
    });

    /// <summary>A JPEG with the XMP in an APP1 segment and the JUMBF in APP11 segments of at most 32 KiB each, right after SOI.</summary>
    private static byte[] Jpeg(byte[]? xmp = null, byte[]? jumbf = null)
    {
        var baseline = Encode((image, stream) => image.SaveAsJpeg(stream));
        var segments = new List<byte>();
        if (xmp is not null)
        {
            segments.AddRange(Segment(0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. xmp]));
        }
        if (jumbf is not null)
        {
            segments.AddRange(App11Packets(jumbf));
        }
        return [.. baseline[..2], .. segments, .. baseline[2..]];
    }

    /// <summary>APP11 packets: "JP", box instance 1, sequence number from 1; each later packet repeats the box header (ISO/IEC 19566-5).</summary>
    private static IEnumerable<byte> App11Packets(byte[] jumbf)
    {
        const int Part = 32 * 1024;
        var header = jumbf[..8];
        var packets = new List<byte>();
        for (int at = 0, sequence = 1; at < jumbf.Length; sequence++)
        {
            var take = Math.Min(Part, jumbf.Length - at);
            var prefix = new byte[8];
            "JP"u8.CopyTo(prefix);
            BinaryPrimitives.WriteUInt16BigEndian(prefix.AsSpan(2), 1);
            BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(4), (uint)sequence);
            byte[] body = at == 0 ? jumbf[..take] : [.. header, .. jumbf.AsSpan(at, take).ToArray()];
            packets.AddRange(Segment(0xEB, [.. prefix, .. body]));
            at += take;
        }
        return packets;
    }

    private static byte[] Segment(byte marker, byte[] payload)
    {
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return segment;
    }

    /// <summary>A PNG with an uncompressed iTXt "XML:com.adobe.xmp" chunk and a caBX chunk right after IHDR.</summary>
    private static byte[] Png(byte[]? xmp = null, byte[]? jumbf = null)
    {
        var baseline = Encode((image, stream) => image.SaveAsPng(stream, new PngEncoder()));
        const int AfterHeader = 8 + 25;
        var chunks = new List<byte>();
        if (xmp is not null)
        {
            chunks.AddRange(Chunk("iTXt", [.. "XML:com.adobe.xmp\0"u8, 0, 0, 0, 0, .. xmp]));
        }
        if (jumbf is not null)
        {
            chunks.AddRange(Chunk("caBX", jumbf));
        }
        return [.. baseline[..AfterHeader], .. chunks, .. baseline[AfterHeader..]];
    }

    /// <summary>
    /// A PNG with <paramref name="chunks"/> compressed iTXt XMP chunks, each a few kilobytes of zlib that inflate to
    /// <paramref name="inflatedBytes"/> of spaces: about 1 MB that a reader capping each chunk alone inflates to gigabytes.
    /// </summary>
    private static byte[] InflationBombPng(int chunks, int inflatedBytes)
    {
        using var deflated = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(deflated, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(new byte[inflatedBytes].Select(_ => (byte)' ').ToArray());
        }
        var chunk = Chunk("iTXt", [.. "XML:com.adobe.xmp\0"u8, 1, 0, 0, 0, .. deflated.ToArray()]);
        var baseline = Encode((image, stream) => image.SaveAsPng(stream, new PngEncoder()));
        const int AfterHeader = 8 + 25;
        return [.. baseline[..AfterHeader], .. Enumerable.Repeat(chunk, chunks).SelectMany(c => c), .. baseline[AfterHeader..]];
    }

    /// <summary>A PNG chunk: length, type, data, CRC-32 of type and data.</summary>
    public static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        Encoding.ASCII.GetBytes(type, chunk.AsSpan(4));
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32.HashToUInt32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    /// <summary>A WebP with XMP and C2PA chunks appended to the RIFF container, its size fixed up.</summary>
    private static byte[] WebP(byte[]? xmp = null, byte[]? jumbf = null)
    {
        var baseline = Encode((image, stream) => image.SaveAsWebp(stream, new WebpEncoder { FileFormat = WebpFileFormatType.Lossy }));
        var chunks = new List<byte>();
        if (xmp is not null)
        {
            chunks.AddRange(RiffChunk("XMP ", xmp));
        }
        if (jumbf is not null)
        {
            chunks.AddRange(RiffChunk("C2PA", jumbf));
        }
        byte[] webp = [.. baseline, .. chunks];
        BinaryPrimitives.WriteUInt32LittleEndian(webp.AsSpan(4), (uint)(webp.Length - 8));
        return webp;
    }

    private static byte[] RiffChunk(string type, byte[] data)
    {
        var chunk = new byte[8 + data.Length + (data.Length & 1)];
        Encoding.ASCII.GetBytes(type, chunk);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)data.Length);
        data.CopyTo(chunk, 8);
        return chunk;
    }
}
