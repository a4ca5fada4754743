using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Img2Dataset.Engine.Tests.Imaging;

/// <summary>
/// Images against OpenCV's own outputs (fixtures written by tests/fixtures/make-opencv-resize-fixtures.py with
/// Debian's OpenCV 4.6.0): NAME.png resized to W×H must equal NAME-WxH.png in every channel of every pixel, whether
/// resized here, by the transform, or read back from a shard.
/// </summary>
internal static class OpenCvOutputs
{
    public static readonly Func<Rgb24, byte[]> Rgb = p => [p.R, p.G, p.B];
    public static readonly Func<L8, byte[]> Grey = p => [p.PackedValue];

    public static void AssertSame<TPixel>(string name, int width, int height, Func<Image<TPixel>, int, int, Image<TPixel>> resize, Func<TPixel, byte[]> channels)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var source = Image.Load<TPixel>(ReferenceFixtures.Own($"{name}.png"));

        using var resized = resize(source, width, height);

        AssertEqual(resized, $"{name}-{width}x{height}", channels);
    }

    public static void AssertEqual<TPixel>(Image<TPixel> actual, string fixture, Func<TPixel, byte[]> channels)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        var (max, unequal, total) = Differences(actual, fixture, channels);
        Assert.True(unequal == 0, $"{fixture}: {unequal} of {total} channels differ from OpenCV's, by up to {max}");
    }

    /// <summary>How far <paramref name="actual"/> is from OpenCV's <paramref name="fixture"/>.png, which it must match in size.</summary>
    public static (int Max, int Unequal, int Total) Differences<TPixel>(Image<TPixel> actual, string fixture, Func<TPixel, byte[]> channels)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var expected = Image.Load<TPixel>(ReferenceFixtures.Own($"{fixture}.png"));
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
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
