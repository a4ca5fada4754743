using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Input;
using Img2Dataset.ImageServer;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace Img2Dataset.Engine.Tests.Imaging;

public class ImageTransformerTests
{
    private static readonly string[] ReferenceImages = Directory.GetFiles(ReferenceFixtures.File("resize_test_image"), "*.jpg").Order().ToArray();

    [Theory]
    [InlineData("border")]
    [InlineData("keep_ratio")]
    [InlineData("keep_ratio_largest")]
    [InlineData("center_crop")]
    [InlineData("no")]
    public void EveryModeGivesTheReferenceSizesOnTheReferenceImages(string mode)
    {
        var options = new ImageTransformOptions { ResizeMode = ImagingNames.ParseResizeMode(mode), ImageSize = 256 };
        foreach (var file in ReferenceImages)
        {
            var (w, h) = SizeFromName(file);
            var sample = Transform(options, File.ReadAllBytes(file));

            var expected = ResizePlan.For(w, h, options.ResizeMode, 256, false);
            Assert.Equal(SampleStatus.Success, sample.Status);
            Assert.Equal((w, h), (sample.OriginalWidth!.Value, sample.OriginalHeight!.Value));
            Assert.Equal((expected.FinalWidth, expected.FinalHeight), (sample.Width!.Value, sample.Height!.Value));
            var decoded = Image.Identify(sample.Bytes);
            Assert.Equal((sample.Width.Value, sample.Height.Value), (decoded.Width, decoded.Height));
        }
    }

    public static TheoryData<ImageTransformOptions> OptionsTheWarmUpImageMeetsOrNot => new()
    {
        new ImageTransformOptions(),
        new ImageTransformOptions { MinImageSize = 1000 },
        new ImageTransformOptions { MaxPixels = 10_000 },
        new ImageTransformOptions { DisableAllReencoding = true },
        new ImageTransformOptions { ResizeMode = ResizeMode.No, EncodeFormat = EncodeFormat.Webp, EncodeQuality = 80 },
    };

    /// <summary>Every job warms up before its first download, so no option may make the warm-up fail the job.</summary>
    [Theory]
    [MemberData(nameof(OptionsTheWarmUpImageMeetsOrNot))]
    public void WarmsUpWhateverTheOptionsDoWithItsImage(ImageTransformOptions options)
    {
        Assert.Null(Record.Exception(() => new ImageTransformer(options).WarmUp()));
    }

    [Fact]
    public void BorderPadsWithWhite()
    {
        var sample = Transform(new ImageTransformOptions { ImageSize = 256, EncodeFormat = EncodeFormat.Png, EncodeQuality = 1 },
            File.ReadAllBytes(ReferenceFixtures.File("resize_test_image/123_456.jpg")));

        using var image = Image.Load<Rgb24>(sample.Bytes);
        Assert.Equal(new Rgb24(255, 255, 255), image[0, 128]);
        Assert.Equal(new Rgb24(255, 255, 255), image[255, 128]);
        Assert.NotEqual(new Rgb24(255, 255, 255), image[128, 128]);
    }

    [Fact]
    public void CenterCropKeepsTheMiddle()
    {
        // A 400×100 image whose left and right quarters are red, middle blue: the 100×100 centre crop is all blue.
        using var source = new Image<Rgb24>(400, 100, new Rgb24(255, 0, 0));
        source.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                rows.GetRowSpan(y)[100..300].Fill(new Rgb24(0, 0, 255));
            }
        });
        var sample = Transform(new ImageTransformOptions { ImageSize = 100, ResizeMode = ResizeMode.CenterCrop, EncodeFormat = EncodeFormat.Png, EncodeQuality = 1 }, Png(source));

        using var result = Image.Load<Rgb24>(sample.Bytes);
        Assert.Equal((100, 100), (result.Width, result.Height));
        Assert.Equal(new Rgb24(0, 0, 255), result[0, 50]);
        Assert.Equal(new Rgb24(0, 0, 255), result[99, 50]);
    }

    [Theory]
    [InlineData(EncodeFormat.Jpg, 95, new byte[] { 0xFF, 0xD8, 0xFF })]
    [InlineData(EncodeFormat.Png, 9, new byte[] { 0x89, 0x50, 0x4E, 0x47 })]
    [InlineData(EncodeFormat.Webp, 80, new byte[] { 0x52, 0x49, 0x46, 0x46 })]
    public void EncodesInTheAskedFormat(EncodeFormat format, int quality, byte[] magic)
    {
        var sample = Transform(new ImageTransformOptions { EncodeFormat = format, EncodeQuality = quality }, Photo(300, 200));
        Assert.Equal(magic, sample.Bytes![..magic.Length]);
        Assert.Equal(format, sample.EncodeFormat);
    }

    [Fact]
    public void PngQualityIsACompressionLevel()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ImageTransformer(new ImageTransformOptions { EncodeFormat = EncodeFormat.Png }));
        Assert.Contains("For png, encode quality represents compression which must be between 0 and 9, got 95", error.Message);
    }

    [Fact]
    public void FiltersGiveTheReferenceCounts()
    {
        var sizeAndAspect = new ImageTransformOptions { MinImageSize = 200, MaxAspectRatio = 1.5 };
        var area = new ImageTransformOptions { MaxImageArea = 60000 };

        var first = ReferenceImages.Select(f => Transform(sizeAndAspect, File.ReadAllBytes(f))).ToList();
        var second = ReferenceImages.Select(f => Transform(area, File.ReadAllBytes(f))).ToList();

        Assert.Equal(2, first.Count(s => s.Succeeded));
        Assert.Equal(2, first.Count(s => s.ErrorMessage == "image too small"));
        Assert.Equal(3, first.Count(s => s.ErrorMessage == "aspect ratio too large"));
        Assert.All(first.Where(s => !s.Succeeded), s => Assert.Equal(SampleStatus.FailedToResize, s.Status));
        Assert.Equal(2, second.Count(s => s.Succeeded));
        Assert.Equal(5, second.Count(s => s.ErrorMessage == "image area too large"));
    }

    [Fact]
    public void AlphaIsCompositedOverWhite()
    {
        using var source = new Image<Rgba32>(64, 64, new Rgba32(0, 0, 0, 0));
        source[10, 10] = new Rgba32(0, 0, 0, 255);
        source[20, 20] = new Rgba32(0, 0, 0, 128);
        var sample = Transform(new ImageTransformOptions { ResizeMode = ResizeMode.No, EncodeFormat = EncodeFormat.Png, EncodeQuality = 1 }, Png(source));

        using var result = Image.Load<Rgba32>(sample.Bytes);
        Assert.Equal(new Rgba32(255, 255, 255, 255), result[0, 0]);
        Assert.Equal(new Rgba32(0, 0, 0, 255), result[10, 10]);
        Assert.Equal(new Rgba32(127, 127, 127, 255), result[20, 20]);
    }

    [Fact]
    public void GrayscaleStaysGrayscale()
    {
        using var photo = PhotoGenerator.Create(300, 200, 3, withAlpha: false);
        using var gray = photo.CloneAs<L8>();
        using var jpeg = new MemoryStream();
        gray.SaveAsJpeg(jpeg, new JpegEncoder { ColorType = JpegColorType.Luminance });

        var sample = Transform(new ImageTransformOptions(), jpeg.ToArray());

        Assert.Equal(JpegColorType.Luminance, Image.Identify(sample.Bytes).Metadata.GetJpegMetadata().ColorType);
    }

    [Fact]
    public void CmykJpegsKeepTheirColours()
    {
        // Red left half, blue right half, stored as Adobe (inverted) CMYK by ImageMagick: see tests/fixtures/cmyk.
        var sample = Transform(new ImageTransformOptions { ImageSize = 32 }, File.ReadAllBytes(ReferenceFixtures.Own("cmyk/red-blue-cmyk.jpg")));

        Assert.Equal(SampleStatus.Success, sample.Status);
        Assert.Equal((64, 48), (sample.OriginalWidth!.Value, sample.OriginalHeight!.Value));
        using var result = Image.Load<Rgb24>(sample.Bytes);
        Assert.Equal((32, 32), (result.Width, result.Height));
        var (left, right) = (result[4, 16], result[27, 16]);
        Assert.True(left.R > 170 && left.G < 80 && left.B < 80, $"left half should be red, was {left}");
        Assert.True(right.B > 170 && right.R < 80 && right.G < 80, $"right half should be blue, was {right}");
    }

    [Fact]
    public void SixteenBitImagesAreScaledNotSaturated()
    {
        // Mid-grey in 16 bits (0x8080): the reference's JPEG path saturates such values to white.
        using var deep = new Image<Rgb48>(32, 32, new Rgb48(0x8080, 0x8080, 0x8080));
        using var png = new MemoryStream();
        deep.SaveAsPng(png, new SixLabors.ImageSharp.Formats.Png.PngEncoder { BitDepth = SixLabors.ImageSharp.Formats.Png.PngBitDepth.Bit16 });

        var sample = Transform(new ImageTransformOptions { ResizeMode = ResizeMode.No, EncodeFormat = EncodeFormat.Png, EncodeQuality = 1 }, png.ToArray());

        using var result = Image.Load<Rgb24>(sample.Bytes);
        Assert.Equal(new Rgb24(128, 128, 128), result[5, 5]);
    }

    [Fact]
    public void ExifOrientationIsApplied()
    {
        using var photo = PhotoGenerator.Create(300, 200, 4, withAlpha: false);
        photo.Metadata.ExifProfile = new SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifProfile();
        photo.Metadata.ExifProfile.SetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.Orientation, (ushort)6);
        using var jpeg = new MemoryStream();
        photo.SaveAsJpeg(jpeg);

        var sample = Transform(new ImageTransformOptions { ResizeMode = ResizeMode.No }, jpeg.ToArray());

        Assert.Equal((200, 300), (sample.OriginalWidth!.Value, sample.OriginalHeight!.Value));
        Assert.Equal((200, 300), (sample.Width!.Value, sample.Height!.Value));
        Assert.Contains("\"Image Orientation\":\"Rotated 90 CW\"", sample.Exif);
    }

    [Fact]
    public void ExifIsExtractedWithExifreadNames()
    {
        var sample = Transform(new ImageTransformOptions(), File.ReadAllBytes(ReferenceFixtures.File("resize_test_image/208_495.jpg")));
        var exif = System.Text.Json.JsonDocument.Parse(sample.Exif!).RootElement;

        Assert.Equal("Horizontal (normal)", exif.GetProperty("Image Orientation").GetString());
        Assert.Equal("127/5", exif.GetProperty("Image XResolution").GetString());
        Assert.Equal("Pixels/Inch", exif.GetProperty("Image ResolutionUnit").GetString());
        Assert.Equal("Centered", exif.GetProperty("Image YCbCrPositioning").GetString());
        Assert.Equal("0210", exif.GetProperty("EXIF ExifVersion").GetString());
        Assert.Equal("YCbCr", exif.GetProperty("EXIF ComponentsConfiguration").GetString());
        Assert.Equal("Uncalibrated", exif.GetProperty("EXIF ColorSpace").GetString());
        Assert.Equal("208", exif.GetProperty("EXIF ExifImageWidth").GetString());
        Assert.Equal("495", exif.GetProperty("EXIF ExifImageLength").GetString());
        Assert.Equal("{}", Transform(new ImageTransformOptions(), File.ReadAllBytes(ReferenceFixtures.File("resize_test_image/123_456.jpg"))).Exif);
        Assert.Null(Transform(new ImageTransformOptions { ExtractExif = false }, Photo(50, 50)).Exif);
    }

    [Fact]
    public void ADecompressionBombIsRefusedFromItsHeader()
    {
        var bomb = Photo(64, 64);
        var frame = bomb.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xC0]);
        // SOF0: FF C0, length (2), precision (1), height (2), width (2) → claim 30000 × 30000.
        bomb[frame + 5] = bomb[frame + 7] = 30000 >> 8;
        bomb[frame + 6] = bomb[frame + 8] = 30000 & 0xFF;
        var transformer = new ImageTransformer(new ImageTransformOptions());
        var before = GC.GetAllocatedBytesForCurrentThread();

        var sample = transformer.Transform(Downloaded(bomb));

        Assert.Equal("image too large to decode: 30000x30000 is more than 100000000 pixels", sample.ErrorMessage);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 50_000_000);
    }

    [Fact]
    public void TruncatedAndNonImageInputsAreDecodingErrors()
    {
        var whole = Photo(320, 240);
        foreach (var bytes in new[] { whole[..(whole.Length / 2)], "<!DOCTYPE html><html></html>"u8.ToArray(), Array.Empty<byte>() })
        {
            var sample = Transform(new ImageTransformOptions(), bytes);
            Assert.Equal((SampleStatus.FailedToResize, ImageTransformer.DecodingError), (sample.Status, sample.ErrorMessage));
            Assert.Null(sample.Bytes);
            Assert.Null(sample.Hash);
        }
    }

    [Fact]
    public void SkipReencodeKeepsSameFormatBytesWhenNothingChanges()
    {
        var jpeg = File.ReadAllBytes(ReferenceFixtures.File("resize_test_image/389_535.jpg"));
        var options = new ImageTransformOptions { ResizeMode = ResizeMode.No, SkipReencode = true };

        var kept = Transform(options, jpeg);
        var converted = Transform(options, Png(PhotoGenerator.Create(60, 40, 1, false)));
        var resized = Transform(options with { ResizeMode = ResizeMode.Border }, jpeg);

        Assert.Equal(jpeg, kept.Bytes);
        Assert.Equal((389, 535), (kept.Width!.Value, kept.Height!.Value));
        Assert.True(FormatSniffer.Is(converted.Bytes, EncodeFormat.Jpg));
        Assert.NotEqual(jpeg, resized.Bytes);
    }

    [Fact]
    public void DisableAllReencodingKeepsTheBytesAndLeavesSizesUnknown()
    {
        var png = Png(PhotoGenerator.Create(60, 40, 1, false));
        var sample = Transform(new ImageTransformOptions { DisableAllReencoding = true, MinImageSize = 1000 }, png);

        Assert.Equal(SampleStatus.Success, sample.Status);
        Assert.Equal(png, sample.Bytes);
        Assert.Null(sample.Width);
        Assert.Null(sample.OriginalHeight);
        Assert.Equal("{}", sample.Exif);
    }

    [Fact]
    public void FailedDownloadsPassThrough()
    {
        var failed = DownloadedImage.Failed(Row(null), "HTTP Error 404: Not Found", 1, 404);
        var sample = new ImageTransformer(new ImageTransformOptions()).Transform(failed);
        Assert.Equal((SampleStatus.FailedToDownload, "HTTP Error 404: Not Found"), (sample.Status, sample.ErrorMessage));
    }

    [Fact]
    public void TheHashOfTheDownloadIsCarriedOverOnSuccess()
    {
        var sample = new ImageTransformer(new ImageTransformOptions()).Transform(Downloaded(Photo(40, 40)) with { Hash = "abc" });
        Assert.Equal("abc", sample.Hash);
    }

    [Theory]
    [InlineData("area", true)]
    [InlineData("linear", false)]
    public void ShrinkingByAreaGivesOpenCvsPixels(string downscaleInterpolation, bool exact)
    {
        // keep_ratio at 96 takes the 351×263 fixture to 128×96, as OpenCV's INTER_AREA took it
        // (tests/fixtures/area); PNG keeps every pixel the transform made.
        var options = new ImageTransformOptions
        {
            ImageSize = 96, ResizeMode = ResizeMode.KeepRatio, EncodeFormat = EncodeFormat.Png, EncodeQuality = 9, DownscaleInterpolation = downscaleInterpolation,
        };

        var sample = Transform(options, File.ReadAllBytes(ReferenceFixtures.Own("area/photo.png")));

        using var made = Image.Load<Rgb24>(sample.Bytes!);
        Assert.Equal(exact, OpenCvOutputs.Differences(made, "area/photo-128x96", OpenCvOutputs.Rgb).Unequal == 0);
    }

    internal static DatasetSample Transform(ImageTransformOptions options, byte[] bytes, IReadOnlyList<BoundingBox>? boxes = null) =>
        new ImageTransformer(options).Transform(Downloaded(bytes, boxes));

    internal static DownloadedImage Downloaded(byte[] bytes, IReadOnlyList<BoundingBox>? boxes = null) =>
        new() { Row = Row(boxes), Status = SampleStatus.Success, Bytes = bytes, HashKind = HashKind.Sha256 };

    private static UrlRow Row(IReadOnlyList<BoundingBox>? boxes) =>
        new() { Key = "000000000", ShardId = 0, Index = 0, Url = "http://127.0.0.1/x", Bboxes = boxes, SourceFile = "test", SourceLine = 1 };

    internal static byte[] Photo(int width, int height)
    {
        using var photo = PhotoGenerator.Create(width, height, 9, withAlpha: false);
        using var stream = new MemoryStream();
        photo.SaveAsJpeg(stream);
        return stream.ToArray();
    }

    private static byte[] Png<TPixel>(Image<TPixel> image) where TPixel : unmanaged, IPixel<TPixel>
    {
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    private static (int, int) SizeFromName(string file)
    {
        var parts = Path.GetFileNameWithoutExtension(file).Split('_');
        return (int.Parse(parts[0]), int.Parse(parts[1]));
    }
}
