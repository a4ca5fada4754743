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
    [InlineData("iptc-seeother.jpg", OptOutSignal.IptcDataMining, "DMI-PROHIBITED-SEEOTHERPROPERTY: \"No AI training without a licence from the studio.\"", "JPEG APP1 XMP")]
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
    public void AllowingAndMalformedBlocksNeitherRefuseNorThrow(string fixture) =>
        Assert.Null(Reader.Read(EmbeddedSignalFixtures.Create(fixture)!));

    [Fact]
    public void EveryFixtureIsStillADecodableImage()
    {
        foreach (var name in EmbeddedSignalFixtures.Names)
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
            [],
        ];
        Assert.All(hostile, bytes => Assert.Null(Reader.Read(bytes)));
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
