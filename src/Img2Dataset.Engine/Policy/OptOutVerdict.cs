namespace Img2Dataset.Engine.Policy;

/// <summary>The audit result of one URL or one set of headers: the decision, or why none could be made.</summary>
public sealed record OptOutVerdict
{
    public string? Url { get; init; }
    /// <summary>Null when the headers could not be had (see <see cref="Error"/>).</summary>
    public OptOutDecision? Decision { get; init; }
    public int? StatusCode { get; init; }
    /// <summary>How the headers were obtained: HEAD, a ranged GET, or given.</summary>
    public string? Method { get; init; }
    public string? Error { get; init; }
    /// <summary>How long a server that answered 429 or 503 asked to wait (Retry-After), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public bool? Allowed => Decision?.Allowed;
    public OptOutSignal? Signal => Decision?.Signal;
    public string Directives => Decision is null ? "" : string.Join(", ", Decision.MatchedDirectives);

    public override string ToString() => $"{Url ?? "(headers)"}: {(Decision is null ? $"undecided, {Error}" : Decision.Allowed ? "allowed" : $"refused by {Decision}")}";
}
