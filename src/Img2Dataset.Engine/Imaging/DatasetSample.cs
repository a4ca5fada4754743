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
    /// <summary>Whether EXIF was asked for, so every row of a dataset has the exif column or none has.</summary>
    public bool ExtractExif { get; init; }
    /// <summary>The columns its metadata is written with, set by the writer for the whole dataset.</summary>
    public Output.MetadataSchema Schema { get; init; }

    public string Key => Download.Key;
    public string Url => Download.Url;
    public string? Caption => Download.Row.Caption;
    public bool Succeeded => Status == SampleStatus.Success;
    public int Length => Bytes?.Length ?? 0;
    /// <summary>The hash of the downloaded bytes, kept only for samples that succeed, as in the reference.</summary>
    public string? Hash => Succeeded ? Download.Hash : null;

    /// <summary>A download kept as it is (no decoding): what exporters do with a DownloadedImage.</summary>
    public static DatasetSample Unprocessed(DownloadedImage download, EncodeFormat format) => new()
    {
        Download = download,
        Status = download.Status,
        ErrorMessage = download.ErrorMessage,
        Bytes = download.Bytes,
        EncodeFormat = format,
    };

    public override string ToString() => $"{Key} {Status}{(ErrorMessage is null ? $", {(Width is null ? "" : $"{Width}x{Height} ")}{EncodeFormat} of {Length} bytes" : ": " + ErrorMessage)}, {Url}";
}
