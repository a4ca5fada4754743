using System.Formats.Cbor;
using System.Text.Json;
using System.Text;
using System.Xml;

namespace Img2Dataset.Engine.Policy.Embedded;

/// <summary>
/// Reads the opt-out signals embedded in downloaded bytes, before the image is transformed or stored: the IPTC
/// "Data Mining" property of the XMP packets and the C2PA / CAWG training-and-mining assertion of the JUMBF manifest
/// store, every refusing block listed. A block that cannot be read (XMP that is not XML, truncated JUMBF, CBOR
/// garbage) says nothing: it neither refuses the image nor fails the row. Signals the policy ignores are not
/// searched for.
/// </summary>
public sealed class EmbeddedSignalReader(OptOutPolicy policy)
{
    /// <summary>The refusal the embedded signals make, its source the place in the file; null when none refuses.</summary>
    public OptOutDecision? Read(ReadOnlyMemory<byte> image) => OptOutDecision.Refusing(Inspect(image).Refusals);

    /// <summary>Every refusal embedded in the image, and where a C2PA manifest store is (embedded, or named by XMP).</summary>
    public EmbeddedSignals Inspect(ReadOnlyMemory<byte> image)
    {
        if (!policy.ReadsEmbeddedSignals)
        {
            return EmbeddedSignals.None;
        }
        var refusals = new List<OptOutEvidence>();
        var hasManifest = false;
        string? manifestUrl = null;
        foreach (var block in ImageMetadataBlocks.Find(image))
        {
            if (block.Kind == MetadataBlockKind.Xmp)
            {
                var statement = Safely(() => XmpDataMining.Read(block.Bytes), default);
                manifestUrl ??= statement.Provenance;
                if (policy.RespectIptcDataMining && statement.Prohibition is { } code)
                {
                    refusals.Add(new OptOutEvidence(OptOutSignal.IptcDataMining, code, block.Location));
                }
            }
            else if (policy.RespectC2paTrainingMining)
            {
                hasManifest = true;
                refusals.AddRange(Safely(() => C2paTrainingMining.Refusals(block.Bytes), []).Select(r => new OptOutEvidence(OptOutSignal.C2paTrainingMining, r, block.Location)));
            }
        }
        return new EmbeddedSignals(refusals, hasManifest, manifestUrl);
    }

    /// <summary>What a block states, or <paramref name="nothing"/> when it cannot be read.</summary>
    internal static T Safely<T>(Func<T> read, T nothing)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is XmlException or CborContentException or JsonException or InvalidOperationException or InvalidDataException or DecoderFallbackException)
        {
            return nothing;
        }
    }
}
