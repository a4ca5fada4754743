using Img2Dataset.Engine.Policy;
using Img2Dataset.Engine.Policy.Embedded;
using Img2Dataset.ImageServer;
using SixLabors.ImageSharp;

namespace Img2Dataset.Engine.Tests.Policy.Embedded;

public sealed class EmbeddedSignalReaderTests
{
    private static readonly EmbeddedSignalReader Reader = new(new OptOutPolicy());

    [Theory]
    [InlineData("iptc-aimltraining.jpg", OptOutSignal.IptcDataMining, "DMI-PROHIBITED-AIMLTRAINING", "JPEG APP1 XMP")]
    [InlineData("iptc-prohibited.png", OptOutSignal.IptcDataMining, "DMI-PROHIBITED", "PNG iTXt XML:com.adobe.xmp")]
    [InlineData("iptc-genai.webp", OptOutSignal.IptcDataMining, "DMI-PROHIBITED-GENAIMLTRAINING", "WebP XMP chunk")]
    [InlineData("iptc-attribute.jpg", OptOutSignal.IptcDataMining, "DMI-PROHIBITED-AIMLTRAINING", "JPEG APP1 XMP")]
    [InlineData("iptc-seeconstraint.jpg", OptOutSignal.IptcDataMining, "DMI-PROHIBITED-SEECONSTRAINT: \"No AI training without a licence from the studio.\"", "JPEG APP1 XMP")]
    [InlineData("iptc-seeembedded.jpg", OptOutSignal.IptcDataMining, "DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR", "JPEG APP1 XMP")]
    [InlineData("iptc-seelinked.png", OptOutSignal.IptcDataMining, "DMI-PROHIBITED-SEELINKEDRIGHTSEXPR", "PNG iTXt XML:com.adobe.xmp")]
    [InlineData("iptc-aimltraining.gif", OptOutSignal.IptcDataMining, "DMI-PROHIBITED-AIMLTRAINING", "GIF XMP application extension")]
    [InlineData("iptc-prohibited.tif", OptOutSignal.IptcDataMining, "DMI-PROHIBITED", "TIFF tag 700 XMP")]
    [InlineData("iptc-genai.avif", OptOutSignal.IptcDataMining, "DMI-PROHIBITED-GENAIMLTRAINING", "HEIF mime item XMP")]
    [InlineData("c2pa-notallowed.gif", OptOutSignal.C2paTrainingMining, "c2pa.ai_training: notAllowed, c2pa.ai_generative_training: notAllowed", "GIF C2PA_GIF application extension")]
    [InlineData("c2pa-notallowed.tif", OptOutSignal.C2paTrainingMining, "c2pa.ai_training: notAllowed, c2pa.ai_generative_training: notAllowed", "TIFF tag 0xCD41 C2PA")]
    [InlineData("c2pa-notallowed.heic", OptOutSignal.C2paTrainingMining, "c2pa.ai_training: notAllowed, c2pa.ai_generative_training: notAllowed", "BMFF uuid C2PA box")]
    [InlineData("c2pa-constrained.jpg", OptOutSignal.C2paTrainingMining, "c2pa.ai_training: constrained (\"Training allowed for academic research only.\"), c2pa.ai_generative_training: constrained (\"Training allowed for academic research only.\")", "JPEG APP11 JUMBF")]
    [InlineData("cawg-constrained.png", OptOutSignal.C2paTrainingMining, "cawg.ai_training: constrained, cawg.ai_generative_training: constrained", "PNG caBX JUMBF")]
    [InlineData("c2pa-notallowed.jpg", OptOutSignal.C2paTrainingMining, "c2pa.ai_training: notAllowed, c2pa.ai_generative_training: notAllowed", "JPEG APP11 JUMBF")]
    [InlineData("c2pa-notallowed.png", OptOutSignal.C2paTrainingMining, "c2pa.ai_training: notAllowed, c2pa.ai_generative_training: notAllowed", "PNG caBX JUMBF")]
    [InlineData("c2pa-notallowed.webp", OptOutSignal.C2paTrainingMining, "c2pa.ai_training: notAllowed, c2pa.ai_generative_training: notAllowed", "WebP C2PA chunk")]
    [InlineData("cawg-notallowed.jpg", OptOutSignal.C2paTrainingMining, "cawg.ai_training: notAllowed, cawg.ai_generative_training: notAllowed", "JPEG APP11 JUMBF")]
    [InlineData("c2pa-json.jpg", OptOutSignal.C2paTrainingMining, "c2pa.data_mining: notAllowed", "JPEG APP11 JUMBF")]
    public void EachEmbeddedSignalRefusesWithItsValueAndPlace(string fixture, OptOutSignal signal, string matched, string place)
    {
        var refused = Reader.Read(EmbeddedSignalFixtures.Create(fixture)!)!;

        Assert.Equal((signal, matched, place), (refused.Signal, string.Join(", ", refused.MatchedDirectives), refused.Source));
        Assert.StartsWith(signal == OptOutSignal.IptcDataMining ? OptOutDecision.IptcDataMiningMessage : OptOutDecision.C2paTrainingMiningMessage, refused.Message);
        Assert.EndsWith($"({matched})", refused.Message);
    }

    [Theory]
    [InlineData("iptc-allowed.jpg")]
    [InlineData("c2pa-allowed.jpg")]
    [InlineData("xmp-not-xml.jpg")]
    [InlineData("jumbf-truncated.jpg")]
    [InlineData("cbor-garbage.png")]
    [InlineData("plain.jpg")]
    [InlineData("iptc-unspecified.jpg")]
    [InlineData("iptc-outside-vocabulary.jpg")]
    [InlineData("xmp-provenance.jpg")]
    public void AllowingAndMalformedBlocksNeitherRefuseNorThrow(string fixture) =>
        Assert.Null(Reader.Read(EmbeddedSignalFixtures.Create(fixture)!));

    [Fact]
    public void SeveralRefusingBlocksAreAllListed()
    {
        var refused = Reader.Read(EmbeddedSignalFixtures.Create("iptc-and-c2pa.jpg")!)!;

        Assert.Equal((OptOutSignal.IptcDataMining, "DMI-PROHIBITED"), (refused.Signal, Assert.Single(refused.MatchedDirectives)));
        Assert.Equal(
            [new OptOutEvidence(OptOutSignal.C2paTrainingMining, "c2pa.ai_training: notAllowed", "JPEG APP11 JUMBF"),
             new OptOutEvidence(OptOutSignal.C2paTrainingMining, "c2pa.ai_generative_training: notAllowed", "JPEG APP11 JUMBF")],
            refused.AlsoRefused);
        Assert.Contains("\"also_refused\":[{\"signal\":\"C2paTrainingMining\"", refused.ToMetadata());
    }

    [Fact]
    public void TheXmpProvenanceNamesARemoteManifestAndAnEmbeddedStoreIsSeen()
    {
        var provenance = Reader.Inspect(EmbeddedSignalFixtures.Create("xmp-provenance.jpg")!);
        var embedded = Reader.Inspect(EmbeddedSignalFixtures.Create("c2pa-allowed.jpg")!);

        Assert.Equal((false, EmbeddedSignalFixtures.ProvenanceReference), (provenance.HasManifest, provenance.ManifestUrl));
        Assert.Equal((true, null), (embedded.HasManifest, embedded.ManifestUrl));
    }

    /// <summary>ImageSharp 2.1 decodes neither HEIF nor AVIF: those fixtures hold the metadata boxes and no coded image.</summary>
    [Fact]
    public void EveryFixtureIsStillADecodableImage()
    {
        foreach (var name in EmbeddedSignalFixtures.Names.Where(n => !n.EndsWith(".avif") && !n.EndsWith(".heic")))
        {
            using var image = Image.Load(EmbeddedSignalFixtures.Create(name)!);
            Assert.Equal((64, 48), (image.Width, image.Height));
        }
    }

    [Fact]
    public void EachSignalCanBeIgnoredOnItsOwn()
    {
        var noIptc = new EmbeddedSignalReader(new OptOutPolicy { RespectIptcDataMining = false });
        var noC2pa = new EmbeddedSignalReader(new OptOutPolicy { RespectC2paTrainingMining = false });

        Assert.Null(noIptc.Read(EmbeddedSignalFixtures.Create("iptc-aimltraining.jpg")!));
        Assert.NotNull(noIptc.Read(EmbeddedSignalFixtures.Create("c2pa-notallowed.jpg")!));
        Assert.Null(noC2pa.Read(EmbeddedSignalFixtures.Create("c2pa-notallowed.png")!));
        Assert.NotNull(noC2pa.Read(EmbeddedSignalFixtures.Create("iptc-prohibited.png")!));
    }

    [Fact]
    public void HostileContainersEndTheWalkQuietly()
    {
        byte[][] hostile =
        [
            [0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 0x00],
            [0xFF, 0xD8, 0xFF, 0xEB, 0x00, 0x12, (byte)'J', (byte)'P', 0, 1, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF, (byte)'j', (byte)'u', (byte)'m', (byte)'b'],
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFF, 0xFF, 0xFF, 0xFF, (byte)'c', (byte)'a', (byte)'B', (byte)'X'],
            [.. "RIFF"u8, 0, 0, 0, 0, .. "WEBP"u8, .. "C2PA"u8, 0xFF, 0xFF, 0xFF, 0x7F],
            // A GIF whose XMP extension never meets its magic trailer, and one whose sub-block lengths run past the end.
            [.. "GIF89a"u8, 1, 0, 1, 0, 0, 0, 0, 0x21, 0xFF, 0x0B, .. "XMP DataXMP"u8, .. "<x:xmpmeta plus:DataMining='DMI-PROHIBITED'/>"u8],
            [.. "GIF89a"u8, 1, 0, 1, 0, 0xF7, 0, 0, 0x21, 0xFF, 0x0B, .. "C2PA_GIF"u8, 1, 0, 0, 0xFF, 1, 2],
            // TIFF entries whose offsets and counts point past the end, or wrap around.
            [.. "II\x2A\0"u8, 8, 0, 0, 0, 2, 0, 0xBC, 0x02, 7, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xF0, 0xFF, 0xFF, 0xFF, 0x41, 0xCD, 7, 0, 16, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF],
            [.. "MM\0\x2A"u8, 0xFF, 0xFF, 0xFF, 0xF0],
            // BMFF boxes claiming 64-bit sizes, and an iloc whose extents lie outside the file.
            [0, 0, 0, 16, .. "ftyp"u8, .. "avif"u8, 0, 0, 0, 0, 0, 0, 0, 1, .. "uuid"u8, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
            [0, 0, 0, 12, .. "ftyp"u8, .. "avif"u8, 0, 0, 0, 40, .. "meta"u8, 0, 0, 0, 0, 0, 0, 0, 24, .. "iloc"u8, 0, 0, 0, 0, 0x44, 0, 0xFF, 0xFF, 0, 1, 0, 0, 0, 1, 0xFF, 0xFF],
            [],
        ];
        Assert.All(hostile, bytes => Assert.Null(Reader.Read(bytes)));
    }

    /// <summary>Every prefix of the new containers' fixtures, and each with bytes overwritten at random, is read without a fault.</summary>
    [Theory]
    [InlineData("iptc-aimltraining.gif")]
    [InlineData("c2pa-notallowed.gif")]
    [InlineData("iptc-prohibited.tif")]
    [InlineData("c2pa-notallowed.tif")]
    [InlineData("iptc-genai.avif")]
    [InlineData("c2pa-notallowed.heic")]
    public void CutAndCorruptedContainersNeverThrow(string fixture)
    {
        var image = EmbeddedSignalFixtures.Create(fixture)!;
        var random = new Random(25);
        for (var length = 0; length < image.Length; length += 1 + length / 64)
        {
            Reader.Inspect(image[..length]);
        }
        for (var trial = 0; trial < 2000; trial++)
        {
            var corrupted = (byte[])image.Clone();
            for (var flip = 0; flip < 4; flip++)
            {
                corrupted[random.Next(corrupted.Length)] = (byte)random.Next(256);
            }
            Reader.Inspect(corrupted);
        }
    }

    [Fact]
    public void DeeplyNestedJumbfIsBounded()
    {
        var box = new byte[8];
        for (var level = 0; level < 1000; level++)
        {
            box = EmbeddedSignalFixtures.Box("jumb", box);
        }
        Assert.Single(JumbfBox.Parse(box));
    }

    [Fact]
    public void DeeplyNestedCborIsSkippedWithoutExhaustingTheStack()
    {
        // {"entries": [[[[…]]]]} nested 200,000 deep: a skip that recursed would overflow the stack and end the process.
        // The CBOR reader stops at depth 64 instead; the block then says nothing.
        byte[] cbor = [0xA1, 0x67, .. "entries"u8, .. Enumerable.Repeat((byte)0x81, 200_000), 0x00];
        var store = EmbeddedSignalFixtures.Superbox("c2pa", EmbeddedSignalFixtures.Superbox("urn:uuid:1",
            EmbeddedSignalFixtures.Superbox("c2pa.assertions", EmbeddedSignalFixtures.Superbox("c2pa.training-mining", EmbeddedSignalFixtures.Box("cbor", cbor)))));
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. EmbeddedSignalFixtures.Chunk("caBX", store)];

        Assert.Throws<System.Formats.Cbor.CborContentException>(() => C2paTrainingMining.Refusals(store));
        Assert.Null(Reader.Read(png));
    }
}
