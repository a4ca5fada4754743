namespace Img2Dataset.Engine.Fetch;

/// <summary>
/// Where a walk of redirects ended: the final response to read (the caller disposes it), or what stopped it: a
/// judgement of a URL or response, or an unfollowable redirect.
/// </summary>
public sealed record Walk<TStop>(Uri Url, HttpResponseMessage? Response, TStop? Stopped, string? RedirectError, int? HttpStatus)
    where TStop : class;
