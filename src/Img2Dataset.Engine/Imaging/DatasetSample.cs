using Img2Dataset.Engine.Fetch;

namespace Img2Dataset.Engine.Imaging;

/// <summary>A row ready for a dataset: the encoded image and its metadata, or why there is none.</summary>
public sealed record DatasetSample
{
    public required DownloadedImage Download { get; init; }
    public required string Status { get; init; }
    public string? ErrorMessage { get; init; }
    /// <summary>The image as it goes into the dataset (encoded in <see cref="EncodeFormat"/>); null on failure.</summary>
    public byte[]? Bytes { get; init; }
    public EncodeFormat EncodeFormat { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public int? OriginalWidth { get; init; }
    public int? OriginalHeight { get; init; }
    /// <summary>EXIF tags as a JSON object string of tag name to value text ("{}" when none); null on failure.</summary>
    public string? Exif { get; init; }

    public string Key => Download.Key;
    public string Url => Download.Url;
    public string? Caption => Download.Row.Caption;
    public bool Succeeded => Status == SampleStatus.Success;
    public int Length => Bytes?.Length ?? 0;
    /// <summary>The hash of the downloaded bytes, kept only for samples that succeed, as in the reference.</summary>
    public string? Hash => Succeeded ? Download.Hash : null;

    public static DatasetSample Failed(DownloadedImage download, EncodeFormat format, string message) => new()
    {
        Download = download,
        Status = SampleStatus.FailedToResize,
        ErrorMessage = message,
        EncodeFormat = format,
    };

    public override string ToString() => $"{Key} {Status}{(ErrorMessage is null ? "" : ": " + ErrorMessage)}";
}
