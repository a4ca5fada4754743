namespace Img2Dataset.Engine.Imaging;

/// <summary>img2dataset's resize modes (its names: no, border, keep_ratio, keep_ratio_largest, center_crop).</summary>
public enum ResizeMode
{
    No,
    Border,
    KeepRatio,
    KeepRatioLargest,
    CenterCrop,
}
