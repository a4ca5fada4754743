using Img2Dataset.Engine.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace Img2Dataset.Engine.Tests.Imaging;

/// <summary>
/// Shrinking as the reference's resizer does (OpenCV's INTER_AREA): equal, pixel for pixel, to OpenCV's own outputs
/// (tests/fixtures/area, written by make-opencv-resize-fixtures.py with OpenCV 4.6.0) at fractional and whole scales (halving
/// included, which OpenCV rounds its own way), grey and colour, one axis kept, and an image wider than one strip of
/// the row sum.
/// </summary>
public sealed class AreaResizerTests
{
    [Theory]
    [InlineData("photo", 128, 96)]
    [InlineData("photo", 127, 95)]
    [InlineData("photo", 175, 131)]
    [InlineData("photo", 50, 37)]
    [InlineData("even", 160, 120)]
    [InlineData("even", 80, 60)]
    [InlineData("strip", 256, 1)]
    [InlineData("strip", 4500, 3)]
    [InlineData("column", 1, 256)]
    [InlineData("column", 5, 999)]
    public void ColourShrinksAsOpenCvsInterArea(string name, int width, int height) =>
        OpenCvOutputs.AssertSame<Rgb24>($"area/{name}", width, height, AreaResizer.Shrink, OpenCvOutputs.Rgb);

    [Theory]
    [InlineData("gray", 171, 256)]
    [InlineData("gray", 13, 20)]
    public void GreyShrinksAsOpenCvsInterArea(string name, int width, int height) =>
        OpenCvOutputs.AssertSame<L8>($"area/{name}", width, height, AreaResizer.Shrink, OpenCvOutputs.Grey);

    [Fact]
    public void APartlyCoveredPixelWeighsWhatTheCellCoversOfIt()
    {
        // 3 → 2: each cell is 1.5 pixels wide; the middle pixel is half in each. (0 + 0.5 × 90) / 1.5 = 30, (0.5 × 90 + 210) / 1.5 = 170.
        using var source = new Image<L8>(3, 1);
        source[0, 0] = new L8(0);
        source[1, 0] = new L8(90);
        source[2, 0] = new L8(210);

        using var shrunk = AreaResizer.Shrink(source, 2, 1);

        Assert.Equal([30, 170], [shrunk[0, 0].PackedValue, shrunk[1, 0].PackedValue]);
    }

    [Theory]
    [InlineData(10, 10, 11, 10)]
    [InlineData(10, 10, 10, 10)]
    [InlineData(10, 10, 0, 5)]
    public void TakesOnlyAShrinkOnBothAxes(int sourceWidth, int sourceHeight, int width, int height)
    {
        Assert.False(AreaResizer.Takes<Rgb24>(sourceWidth, sourceHeight, width, height));
        using var source = new Image<Rgb24>(sourceWidth, sourceHeight);
        Assert.Throws<ArgumentException>(() => AreaResizer.Shrink(source, width, height));
    }

    [Fact]
    public void TakesOnlyTheByteChannelPixelTypesTheTransformerDecodesTo()
    {
        Assert.True(AreaResizer.Takes<L8>(10, 10, 5, 5));
        Assert.True(AreaResizer.Takes<Rgb24>(10, 10, 5, 5));
        Assert.False(AreaResizer.Takes<Rgba32>(10, 10, 5, 5));
    }
}
