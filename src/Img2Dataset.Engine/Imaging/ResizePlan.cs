namespace Img2Dataset.Engine.Imaging;

/// <summary>
/// What a resize mode does to an image of a given size, computed as the reference computes it: scale with
/// round-half-even (at least 1 pixel), then pad (border, white, extra pixel bottom/right) or crop the centre
/// (center_crop, extra pixel removed bottom/right). With resize-only-if-bigger a smaller image is left alone entirely.
/// </summary>
public readonly record struct ResizePlan(
    bool Acts, bool Downscale, int ScaledWidth, int ScaledHeight, int FinalWidth, int FinalHeight, int OffsetX, int OffsetY)
{
    public bool Scales(int width, int height) => Acts && (ScaledWidth != width || ScaledHeight != height);
    public bool Pads => Acts && (FinalWidth > ScaledWidth || FinalHeight > ScaledHeight);
    public bool Crops => Acts && (FinalWidth < ScaledWidth || FinalHeight < ScaledHeight);

    public static ResizePlan For(int width, int height, ResizeMode mode, int size, bool onlyIfBigger)
    {
        var fitsShorterSide = mode is ResizeMode.KeepRatio or ResizeMode.CenterCrop;
        var reference = fitsShorterSide ? Math.Min(width, height) : Math.Max(width, height);
        var downscale = reference > size;
        if (mode == ResizeMode.No || (onlyIfBigger && !downscale))
        {
            return new ResizePlan(false, false, width, height, width, height, 0, 0);
        }
        var scale = (double)size / reference;
        var scaledWidth = Scaled(width, scale);
        var scaledHeight = Scaled(height, scale);
        return mode switch
        {
            ResizeMode.Border => new ResizePlan(true, downscale, scaledWidth, scaledHeight,
                Math.Max(size, scaledWidth), Math.Max(size, scaledHeight),
                Math.Max(0, (size - scaledWidth) / 2), Math.Max(0, (size - scaledHeight) / 2)),
            ResizeMode.CenterCrop => new ResizePlan(true, downscale, scaledWidth, scaledHeight,
                Math.Min(size, scaledWidth), Math.Min(size, scaledHeight),
                Math.Max(0, (scaledWidth - size) / 2), Math.Max(0, (scaledHeight - size) / 2)),
            _ => new ResizePlan(true, downscale, scaledWidth, scaledHeight, scaledWidth, scaledHeight, 0, 0),
        };
    }

    private static int Scaled(int dimension, double scale) => Math.Max(1, (int)Math.Round(dimension * scale, MidpointRounding.ToEven));
}
