namespace Img2Dataset.Engine.Imaging;

/// <summary>Output encodings; the lower-case name is also the file extension and the parquet column (never "jpeg").</summary>
public enum EncodeFormat
{
    Jpg,
    Png,
    Webp,
}
