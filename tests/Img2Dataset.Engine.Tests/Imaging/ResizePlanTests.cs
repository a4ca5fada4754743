using Img2Dataset.Engine.Imaging;

namespace Img2Dataset.Engine.Tests.Imaging;

public class ResizePlanTests
{
    public static readonly (int W, int H)[] ReferenceImages = [(123, 456), (208, 495), (321, 421), (389, 535), (416, 264), (456, 123), (524, 316)];

    /// <summary>IMG2DATASET-SPEC §4.4, expected sizes of the reference's 7 test images.</summary>
    [Theory]
    [InlineData("keep_ratio", 256, false, "256x949 256x609 256x336 256x352 403x256 949x256 425x256")]
    [InlineData("keep_ratio_largest", 256, false, "69x256 108x256 195x256 186x256 256x162 256x69 256x154")]
    [InlineData("border", 256, false, "256x256 256x256 256x256 256x256 256x256 256x256 256x256")]
    [InlineData("center_crop", 256, false, "256x256 256x256 256x256 256x256 256x256 256x256 256x256")]
    [InlineData("keep_ratio", 512, false, "512x1898 512x1218 512x672 512x704 807x512 1898x512 849x512")]
    [InlineData("keep_ratio_largest", 512, false, "138x512 215x512 390x512 372x512 512x325 512x138 512x309")]
    [InlineData("keep_ratio", 512, true, "123x456 208x495 321x421 389x535 416x264 456x123 524x316")]
    [InlineData("center_crop", 512, true, "123x456 208x495 321x421 389x535 416x264 456x123 524x316")]
    [InlineData("border", 512, true, "123x456 208x495 321x421 512x512 416x264 456x123 512x512")]
    [InlineData("keep_ratio_largest", 512, true, "123x456 208x495 321x421 372x512 416x264 456x123 512x309")]
    [InlineData("keep_ratio", 256, true, "123x456 208x495 256x336 256x352 403x256 456x123 425x256")]
    [InlineData("no", 256, false, "123x456 208x495 321x421 389x535 416x264 456x123 524x316")]
    public void FinalSizesMatchTheReference(string mode, int size, bool onlyIfBigger, string expected)
    {
        var sizes = ReferenceImages.Select(i => ResizePlan.For(i.W, i.H, ImagingNames.ParseResizeMode(mode), size, onlyIfBigger))
            .Select(p => $"{p.FinalWidth}x{p.FinalHeight}");
        Assert.Equal(expected, string.Join(" ", sizes));
    }

    [Fact]
    public void BorderCentresWithTheExtraPixelBottomRight()
    {
        var plan = ResizePlan.For(389, 535, ResizeMode.Border, 600, false);
        Assert.Equal((436, 600, 82, 0), (plan.ScaledWidth, plan.ScaledHeight, plan.OffsetX, plan.OffsetY));
        Assert.True(plan.Pads);
    }

    [Fact]
    public void CenterCropTakesTheMiddleFlooringTheOffset()
    {
        var plan = ResizePlan.For(524, 316, ResizeMode.CenterCrop, 256, false);
        Assert.Equal((425, 256, 84, 0), (plan.ScaledWidth, plan.ScaledHeight, plan.OffsetX, plan.OffsetY));
        Assert.True(plan.Crops);
    }

    [Fact]
    public void UnknownNamesSayWhatIsAccepted()
    {
        Assert.Equal("Invalid option for resize_mode: stretch; expected one of no, border, keep_ratio, keep_ratio_largest, center_crop.",
            Assert.Throws<ArgumentException>(() => ImagingNames.ParseResizeMode("stretch")).Message.Split(" (Parameter")[0]);
        Assert.StartsWith("Invalid option for interpolation: super", Assert.Throws<ArgumentException>(() => ImagingNames.ParseInterpolation("SUPER")).Message);
    }
}
