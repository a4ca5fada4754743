using System.Formats.Cbor;
using System.Text.Json;
using System.Text;
using System.Xml;

namespace Img2Dataset.Engine.Policy.Embedded;

/// <summary>
/// Reads the opt-out signals embedded in downloaded bytes, before the image is transformed or stored: the IPTC
/// "Data Mining" property of the XMP packets and the C2PA / CAWG training-and-mining assertion of the JUMBF manifest
/// store. A block that cannot be read (XMP that is not XML, truncated JUMBF, CBOR garbage) says nothing: it neither
/// refuses the image nor fails the row. Signals the policy ignores are not searched for.
/// </summary>
public sealed class EmbeddedSignalReader(OptOutPolicy policy)
{
    /// <summary>The refusal an embedded signal makes, its source the place in the file; null when none refuses.</summary>
    public OptOutDecision? Read(ReadOnlyMemory<byte> image)
    {
        if (!policy.ReadsEmbeddedSignals)
        {
            return null;
        }
        foreach (var block in ImageMetadataBlocks.Find(image))
        {
            var (signal, matched) = block.Kind == MetadataBlockKind.Xmp && policy.RespectIptcDataMining
                ? (OptOutSignal.IptcDataMining, Safely(() => XmpDataMining.Prohibition(block.Bytes) is { } code ? [code] : []))
                : block.Kind == MetadataBlockKind.Jumbf && policy.RespectC2paTrainingMining
                    ? (OptOutSignal.C2paTrainingMining, Safely(() => C2paTrainingMining.Refusals(block.Bytes)))
                    : (OptOutSignal.None, []);
            if (matched.Count > 0)
            {
                return new OptOutDecision { Signal = signal, MatchedDirectives = matched, Source = block.Location };
            }
        }
        return null;
    }

    private static IReadOnlyList<string> Safely(Func<IReadOnlyList<string>> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is XmlException or CborContentException or JsonException or InvalidOperationException or InvalidDataException or DecoderFallbackException)
        {
            return [];
        }
    }
}
