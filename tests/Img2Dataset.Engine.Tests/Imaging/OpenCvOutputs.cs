using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Img2Dataset.Engine.Tests.Imaging;

/// <summary>
/// A resize against OpenCV's own output of the same source (fixtures written by
/// tests/fixtures/make-opencv-resize-fixtures.py with Debian's OpenCV 4.6.0): NAME.png resized to W×H must equal
/// NAME-WxH.png in every channel of every pixel.
/// </summary>
internal static class OpenCvOutputs
{
    public static void AssertSame<TPixel>(string name, int width, int height, Func<Image<TPixel>, int, int, Image<TPixel>> resize, Func<TPixel, byte[]> channels)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var source = Image.Load<TPixel>(ReferenceFixtures.Own($"{name}.png"));
        using var expected = Image.Load<TPixel>(ReferenceFixtures.Own($"{name}-{width}x{height}.png"));

        using var resized = resize(source, width, height);

        Assert.Equal((width, height), (resized.Width, resized.Height));
        var (max, unequal, total) = Differences(resized, expected, channels);
        Assert.True(unequal == 0, $"{name} to {width}x{height}: {unequal} of {total} channels differ from OpenCV's, by up to {max}");
    }

    private static (int Max, int Unequal, int Total) Differences<TPixel>(Image<TPixel> actual, Image<TPixel> expected, Func<TPixel, byte[]> channels)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        var (max, unequal, total) = (0, 0, 0);
        for (var y = 0; y < actual.Height; y++)
        {
            for (var x = 0; x < actual.Width; x++)
            {
                foreach (var (a, e) in channels(actual[x, y]).Zip(channels(expected[x, y])))
                {
                    var difference = Math.Abs(a - e);
                    max = Math.Max(max, difference);
                    unequal += difference == 0 ? 0 : 1;
                    total++;
                }
            }
        }
        return (max, unequal, total);
    }
}
