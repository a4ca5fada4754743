using Img2Dataset.Engine.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Img2Dataset.Engine.Tests.Imaging;

public class PaddingTests
{
    [Fact]
    public void PlacesRgbPixelsAtTheOffsetOnWhite() =>
        AssertPadded(new Rgb24(10, 20, 30), new Rgb24(255, 255, 255));

    [Fact]
    public void PlacesGreyPixelsAtTheOffsetOnWhite() =>
        AssertPadded(new L8(40), new L8(255));

    [Fact]
    public void PadsPixelTypesWhoseWhiteIsNotAllOnesBits() =>
        AssertPadded(new RgbaVector(0.25f, 0.5f, 0.75f), new RgbaVector(1, 1, 1));

    private static void AssertPadded<TPixel>(TPixel colour, TPixel white) where TPixel : unmanaged, IPixel<TPixel>
    {
        using var image = new Image<TPixel>(3, 2, colour);

        using var padded = Padding.OnWhite(image, 7, 5, offsetX: 2, offsetY: 1);

        Assert.Equal((7, 5), (padded.Width, padded.Height));
        for (var y = 0; y < 5; y++)
        {
            for (var x = 0; x < 7; x++)
            {
                var inside = x is >= 2 and < 5 && y is >= 1 and < 3;
                Assert.Equal(inside ? colour : white, padded[x, y]);
            }
        }
    }
}
