using Img2Dataset.Engine.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Img2Dataset.Engine.Tests.Imaging;

/// <summary>
/// Resizing as the reference's resizer does when enlarging (OpenCV's INTER_LANCZOS4): equal, pixel for pixel, to
/// OpenCV's own outputs (tests/fixtures/lanczos4): enlarging by fractions, by a whole factor, from a few pixels (most
/// taps past the edge), grey and colour, and shrinking, where OpenCV does not widen the kernel.
/// </summary>
public sealed class Lanczos4ResizerTests
{
    [Theory]
    [InlineData("small", 256, 197)]
    [InlineData("small", 122, 94)]
    [InlineData("small", 77, 59)]
    [InlineData("tiny", 50, 30)]
    [InlineData("tiny", 7, 4)]
    [InlineData("shrink", 77, 58)]
    public void ColourResizesAsOpenCvsLanczos4(string name, int width, int height) =>
        OpenCvOutputs.AssertSame<Rgb24>($"lanczos4/{name}", width, height, Lanczos4Resizer.Resize, OpenCvOutputs.Rgb);

    [Theory]
    [InlineData("gray", 97, 73)]
    [InlineData("gray", 256, 192)]
    public void GreyResizesAsOpenCvsLanczos4(string name, int width, int height) =>
        OpenCvOutputs.AssertSame<L8>($"lanczos4/{name}", width, height, Lanczos4Resizer.Resize, OpenCvOutputs.Grey);

    [Fact]
    public void TakesOnlyTheByteChannelPixelTypesTheTransformerDecodesTo()
    {
        Assert.True(Lanczos4Resizer.Takes<L8>());
        Assert.True(Lanczos4Resizer.Takes<Rgb24>());
        Assert.False(Lanczos4Resizer.Takes<Rgba32>());
        using var source = new Image<Rgba32>(4, 4);
        Assert.Throws<ArgumentException>(() => Lanczos4Resizer.Resize(source, 8, 8));
    }
}
