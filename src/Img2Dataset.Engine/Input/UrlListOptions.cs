namespace Img2Dataset.Engine.Input;

/// <summary>How to read URL lists: img2dataset's reader options.</summary>
public sealed record UrlListOptions
{
    /// <summary>Metadata fields img2dataset writes itself; an additional column of that name would be overwritten.</summary>
    public static IReadOnlySet<string> ReservedColumns { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "key", "caption", "url", "width", "height", "original_width", "original_height",
        "status", "error_message", "exif", "md5", "sha256", "sha512",
    };

    /// <summary>Null: each file's format comes from its extension.</summary>
    public InputFormat? Format { get; init; }
    public string UrlColumn { get; init; } = "url";
    public string? CaptionColumn { get; init; }
    public string? BboxColumn { get; init; }
    public string? HashColumn { get; init; }
    public IReadOnlyList<string> AdditionalColumns { get; init; } = [];
    public int SamplesPerShard { get; init; } = 10000;
    public int ShardCountDigits { get; init; } = 5;
    public int StartShard { get; init; }

    /// <summary>Fails with the offending option's name before any file is opened.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(UrlColumn))
        {
            throw new ArgumentException("The url column name must not be empty.", nameof(UrlColumn));
        }
        var reserved = AdditionalColumns.Where(ReservedColumns.Contains).ToArray();
        if (reserved.Length > 0)
        {
            throw new ArgumentException(
                $"You cannot use in AdditionalColumns (save_additional_columns) the following columns: {string.Join(", ", reserved)}. " +
                "img2dataset reserves these columns for its own use. Please remove them from AdditionalColumns.",
                nameof(AdditionalColumns));
        }
        if (SamplesPerShard < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SamplesPerShard), SamplesPerShard, "SamplesPerShard must be at least 1.");
        }
        if (ShardCountDigits is < 1 or > 9)
        {
            throw new ArgumentOutOfRangeException(nameof(ShardCountDigits), ShardCountDigits, "ShardCountDigits must be between 1 and 9.");
        }
        if (StartShard < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(StartShard), StartShard, "StartShard must not be negative.");
        }
    }
}
