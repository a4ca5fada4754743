using Img2Dataset.Engine.Policy;

namespace Img2Dataset.Engine.Input;

/// <summary>
/// One line of a URL list with its place in the dataset. A row that could not be read still has its key and carries
/// <see cref="InputError"/>, so every input row is accounted for downstream. A row audited on its way (by
/// Test-RobotsDirective) carries its <see cref="Verdict"/>, so later stages keep who it is and do not fetch what the
/// audit refused.
/// </summary>
public sealed record UrlRow
{
    public required string Key { get; init; }
    public required int ShardId { get; init; }
    public required int Index { get; init; }
    public required string Url { get; init; }
    public string? Caption { get; init; }
    public IReadOnlyList<BoundingBox>? Bboxes { get; init; }
    public string? ExpectedHash { get; init; }
    /// <summary>The values of the additional columns, in the order they were asked for.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> AdditionalColumns { get; init; } = [];
    public required string SourceFile { get; init; }
    /// <summary>Line number for text formats, 1-based record number for json arrays and parquet.</summary>
    public required long SourceLine { get; init; }
    public UrlListLayout Layout { get; init; } = UrlListLayout.Default;
    /// <summary>Why this row cannot be used, naming the file and line; null for a good row.</summary>
    public string? InputError { get; init; }
    /// <summary>The opt-out audit of this row's URL, when one was made before its download; null otherwise.</summary>
    public OptOutVerdict? Verdict { get; init; }

    /// <summary>Whether the audit allowed the row: null when it was not audited or the audit could not decide.</summary>
    public bool? Allowed => Verdict?.Allowed;

    /// <summary>Whether an audit refused this row, so it must not be requested.</summary>
    public bool Refused => Verdict?.Decision is { Allowed: false };

    public override string ToString() => $"{Key} {Url}";
}
