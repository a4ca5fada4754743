using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Input;
using Img2Dataset.ImageServer;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Img2Dataset.Engine.Tests.Imaging;

public sealed class ScaledJpegDecoderTests
{
    private static readonly ImageTransformOptions Full = new() { ImageSize = 256, ResizeMode = ResizeMode.Border, EncodeQuality = 95 };
    private static readonly ImageTransformOptions Shrunk = Full with { ShrinkOnLoad = true };

    [Theory]
    [InlineData(1200, 900, 256, 192, 4)]
    [InlineData(1100, 700, 256, 163, 4)]
    [InlineData(600, 400, 256, 171, 2)]
    [InlineData(511, 400, 256, 200, 2)]
    [InlineData(510, 400, 256, 200, 1)]
    [InlineData(5000, 300, 256, 15, 8)]
    public void ReducesAsFarAsTheScaledSizeAllows(int width, int height, int neededWidth, int neededHeight, int expected) =>
        Assert.Equal(expected, ScaledJpegDecoder.Denominator(width, height, neededWidth, neededHeight));

    [Fact]
    public void DecodesALargeJpegAtReducedScaleToTheSameSizeAndNearlyTheSamePixels()
    {
        Assert.True(ScaledJpegDecoder.IsAvailable, "SkiaSharp's native library loads on this platform");
        var jpeg = Jpeg(1200, 900);

        var full = ImageTransformerTests.Transform(Full, jpeg);
        var shrunk = ImageTransformerTests.Transform(Shrunk, jpeg);

        Assert.Equal(SampleStatus.Success, shrunk.Status);
        Assert.Equal((full.Width, full.Height, full.OriginalWidth, full.OriginalHeight), (shrunk.Width, shrunk.Height, shrunk.OriginalWidth, shrunk.OriginalHeight));
        Assert.NotEqual(full.Bytes, shrunk.Bytes);
        Assert.InRange(Psnr(full.Bytes!, shrunk.Bytes!), 28, 60);
    }

    [Fact]
    public void DecodesALargeGreyJpegAtReducedScaleAndKeepsItGrey()
    {
        var jpeg = Jpeg(1200, 900, gray: true);

        var full = ImageTransformerTests.Transform(Full, jpeg);
        var shrunk = ImageTransformerTests.Transform(Shrunk, jpeg);

        Assert.Equal(SampleStatus.Success, shrunk.Status);
        Assert.Equal((full.Width, full.Height), (shrunk.Width, shrunk.Height));
        Assert.NotEqual(full.Bytes, shrunk.Bytes);
        Assert.Equal(1, Image.Identify(shrunk.Bytes).PixelType.BitsPerPixel / 8);
        Assert.InRange(Psnr(full.Bytes!, shrunk.Bytes!), 28, 60);
    }

    [Theory]
    [InlineData((ushort)6)]
    [InlineData((ushort)3)]
    [InlineData((ushort)8)]
    public void OrientsAShrunkImageAsAFullDecodeDoes(ushort orientation)
    {
        var rotated = Jpeg(1200, 800, orientation);

        var full = ImageTransformerTests.Transform(Full with { ResizeMode = ResizeMode.KeepRatioLargest }, rotated);
        var shrunk = ImageTransformerTests.Transform(Shrunk with { ResizeMode = ResizeMode.KeepRatioLargest }, rotated);

        Assert.Equal((full.Width, full.Height), (shrunk.Width, shrunk.Height));
        Assert.NotEqual(full.Bytes, shrunk.Bytes);
        Assert.InRange(Psnr(full.Bytes!, shrunk.Bytes!), 28, 60);
    }

    [Fact]
    public void LeavesAloneWhatItCannotShrinkExactly()
    {
        var small = Jpeg(400, 300);
        var boxes = new[] { new BoundingBox(0.1, 0.1, 0.5, 0.5) };

        Assert.Equal(ImageTransformerTests.Transform(Full, small).Bytes, ImageTransformerTests.Transform(Shrunk, small).Bytes);
        Assert.Equal(ImageTransformerTests.Transform(Full, Jpeg(1200, 900), boxes).Bytes, ImageTransformerTests.Transform(Shrunk, Jpeg(1200, 900), boxes).Bytes);
    }

    [Fact]
    public void AppliesTheLimitsFromTheHeaderBeforeAnyNativeDecode()
    {
        var large = Jpeg(1200, 900);
        var limited = Shrunk with { MaxPixels = 1_000_000 };
        var truncated = large[..(large.Length / 2)];

        var refused = ImageTransformerTests.Transform(limited, large);
        var cut = ImageTransformerTests.Transform(Shrunk, truncated);

        Assert.Equal(ImageTransformerTests.Transform(Full with { MaxPixels = 1_000_000 }, large).ErrorMessage, refused.ErrorMessage);
        Assert.Equal(SampleStatus.FailedToResize, refused.Status);
        Assert.Equal(ImageTransformerTests.Transform(Full, truncated).ErrorMessage, cut.ErrorMessage);
    }

    private static byte[] Jpeg(int width, int height, ushort orientation = 1, bool gray = false)
    {
        using var photo = PhotoGenerator.Create(width, height, 7, withAlpha: false);
        if (orientation != 1)
        {
            photo.Metadata.ExifProfile = new ExifProfile();
            photo.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
        }
        using var stream = new MemoryStream();
        if (gray)
        {
            using var luminance = photo.CloneAs<L8>();
            luminance.SaveAsJpeg(stream, new JpegEncoder { ColorType = JpegColorType.Luminance });
        }
        else
        {
            photo.SaveAsJpeg(stream);
        }
        return stream.ToArray();
    }

    private static double Psnr(byte[] a, byte[] b)
    {
        using var x = Image.Load<Rgb24>(a);
        using var y = Image.Load<Rgb24>(b);
        double squares = 0;
        for (var row = 0; row < x.Height; row++)
        {
            for (var column = 0; column < x.Width; column++)
            {
                var (p, q) = (x[column, row], y[column, row]);
                squares += (p.R - q.R) * (p.R - q.R) + (p.G - q.G) * (p.G - q.G) + (p.B - q.B) * (p.B - q.B);
            }
        }
        return 10 * Math.Log10(255.0 * 255.0 / (squares / (3.0 * x.Width * x.Height)));
    }
}
