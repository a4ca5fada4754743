namespace Img2Dataset.Engine.Input;

/// <summary>
/// A region to blur, in fractions of the image's width and height, as img2dataset's <c>bbox_col</c> holds it.
/// <see cref="SinglePrecision"/> records float32 input: the reference multiplies such boxes by the image size in
/// float32, which can move an edge by a pixel, and the blur reproduces that.
/// </summary>
public readonly record struct BoundingBox(double XMin, double YMin, double XMax, double YMax, bool SinglePrecision = false)
{
    public override string ToString() => $"[{XMin}, {YMin}, {XMax}, {YMax}]";
}
