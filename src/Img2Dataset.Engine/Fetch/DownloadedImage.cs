using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Policy;

namespace Img2Dataset.Engine.Fetch;

/// <summary>The outcome of downloading one <see cref="UrlRow"/>: the bytes, or why there are none.</summary>
public sealed record DownloadedImage
{
    public required UrlRow Row { get; init; }
    public required string Status { get; init; }
    public string? ErrorMessage { get; init; }
    public byte[]? Bytes { get; init; }
    public int? HttpStatus { get; init; }
    public string? ContentType { get; init; }
    /// <summary>The opt-out evidence of the response; for a refused image, the signal and directives that refused it.</summary>
    public OptOutDecision? OptOut { get; init; }
    public HashKind HashKind { get; init; }
    /// <summary>Hex digest of <see cref="Bytes"/> (<see cref="HashKind"/>); null on failure.</summary>
    public string? Hash { get; init; }
    public int Attempts { get; init; }
    /// <summary>The share of the run's body budget <see cref="Bytes"/> holds; disposed once the bytes are written or dropped.</summary>
    internal BodyLease? Lease { get; init; }

    public string Key => Row.Key;
    public string Url => Row.Url;
    public bool Succeeded => Status == SampleStatus.Success;
    public int Length => Bytes?.Length ?? 0;

    /// <summary>Gives the body's share of the run's in-flight budget back, once its holder no longer counts on the engine for it.</summary>
    public void ReleaseBody() => Lease?.Dispose();

    public static DownloadedImage Failed(UrlRow row, string message, int attempts = 0, int? httpStatus = null, OptOutDecision? optOut = null) => new()
    {
        Row = row,
        Status = SampleStatus.FailedToDownload,
        ErrorMessage = message,
        Attempts = attempts,
        HttpStatus = httpStatus,
        OptOut = optOut,
    };

    public override string ToString() => $"{Key} {Status}{(ErrorMessage is null ? $", {Length} bytes" : ": " + ErrorMessage)}, {Url}";
}
