namespace Img2Dataset.Engine.Input;

/// <summary>A region to blur, in fractions of the image's width and height, as img2dataset's <c>bbox_col</c> holds it.</summary>
public readonly record struct BoundingBox(double XMin, double YMin, double XMax, double YMax)
{
    public override string ToString() => $"[{XMin}, {YMin}, {XMax}, {YMax}]";
}
