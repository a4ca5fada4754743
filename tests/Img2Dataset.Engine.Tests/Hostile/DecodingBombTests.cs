using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Tests.Imaging;
using Img2Dataset.ImageServer;

namespace Img2Dataset.Engine.Tests.Hostile;

/// <summary>Small files that would decode to gigabytes: bounded before decoding starts.</summary>
public class DecodingBombTests
{
    [Fact]
    public void AGifOfTenThousandFullCanvasFramesDecodesOnlyItsFirstFrame()
    {
        // 150 KB that ImageSharp would decode to 10,000 frames of 1000² Rgba32: 40 GB.
        var bomb = Bombs.Gif(1000, 10_000);

        var sample = new ImageTransformer(new ImageTransformOptions { ImageSize = 64 }).Transform(ImageTransformerTests.Downloaded(bomb));

        Assert.Equal((SampleStatus.Success, null), (sample.Status, sample.ErrorMessage));
        Assert.Equal((1000, 1000), (sample.OriginalWidth, sample.OriginalHeight));
        Assert.Equal((64, 64), (sample.Width, sample.Height));
    }

    [Fact]
    public void CompressedXmpInflatesWithinOneBudgetForTheWholeImage()
    {
        // 200 compressed iTXt chunks of 4 MiB each: 800 MiB if each chunk were capped alone.
        var bomb = EmbeddedSignalFixtures.Create("xmp-inflation-bomb.png")!;
        var before = GC.GetAllocatedBytesForCurrentThread();

        var blocks = Img2Dataset.Engine.Policy.Embedded.ImageMetadataBlocks.Find(bomb);

        Assert.InRange(blocks.Sum(b => (long)b.Bytes.Length), 1, Img2Dataset.Engine.Policy.Embedded.ImageMetadataBlocks.MaxInflatedXmp);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 16L * 1024 * 1024);
        Assert.True(bomb.Length < 2 * 1024 * 1024, $"the bomb is small: {bomb.Length} bytes");
    }

    [Fact]
    public void AnAnimatedWebpIsADecodingErrorBeforeAnyFrameIsDecoded()
    {
        var sample = new ImageTransformer(new ImageTransformOptions()).Transform(ImageTransformerTests.Downloaded(Bombs.AnimatedWebp(1000, 10_000)));

        Assert.Equal((SampleStatus.FailedToResize, ImageTransformer.DecodingError), (sample.Status, sample.ErrorMessage));
    }

    [Fact]
    public void AnyFaultOfOneImageIsThatImagesFailure()
    {
        var transformer = new ImageTransformer(new ImageTransformOptions());

        var sample = transformer.Unexpected(ImageTransformerTests.Downloaded([1, 2, 3]), new InvalidOperationException("boom"));

        Assert.Equal((SampleStatus.FailedToResize, "Unexpected error while transforming: InvalidOperationException: boom"), (sample.Status, sample.ErrorMessage));
    }
}
