namespace Img2Dataset.Engine.Policy;

/// <summary>
/// What fetching a site-wide file (robots.txt, tdmrep.json) gave: the body (decoded, at most the cap, with
/// <see cref="Truncated"/> when there was more), or the HTTP status it failed with, or why it could not be fetched.
/// </summary>
public sealed record SiteFile(int? Status, byte[]? Body, bool Truncated, string? Failure)
{
    /// <summary>The redirects led nowhere fetchable (too many, or to a place that is not http(s)): the file is absent.</summary>
    public bool RedirectedAway { get; init; }

    /// <summary>The server answered, but its body could not be read (a content-encoding that does not decode).</summary>
    public bool Unreadable { get; init; }
}
