using Microsoft.AspNetCore.Http;

namespace Img2Dataset.ImageServer;

/// <summary>
/// What a request's query string asks the server to do instead of (or besides) serving the body plainly,
/// so every test can set up its own fault on its own URL without configuring the server.
/// </summary>
public sealed record FaultPlan(
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    int? Status,
    int FailFirst,
    string? RetryAfter,
    int Redirects,
    int DelayMs,
    int BodyDelayMs,
    bool Drop,
    int DropFirst,
    bool RefuseHead,
    string? Group,
    string? Location,
    long? BodyBytes,
    bool Chunked,
    bool Endless,
    long? ContentLength,
    int TrickleMs,
    int? PieceBytes)
{
    public static FaultPlan Parse(IQueryCollection query) => new(
        Headers: query["header"].Select(SplitHeader).OfType<KeyValuePair<string, string>>().ToArray(),
        Status: Int(query, "status"),
        FailFirst: Int(query, "failFirst") ?? int.MaxValue,
        RetryAfter: query["retryAfter"].FirstOrDefault(),
        Redirects: Int(query, "redirect") ?? 0,
        DelayMs: Int(query, "delayMs") ?? 0,
        BodyDelayMs: Int(query, "bodyDelayMs") ?? 0,
        Drop: query["drop"].FirstOrDefault() is "1" or "true",
        DropFirst: Int(query, "dropFirst") ?? 0,
        RefuseHead: query["refuseHead"].FirstOrDefault() is "1" or "true",
        Group: query["group"].FirstOrDefault(),
        Location: query["location"].FirstOrDefault(),
        BodyBytes: Long(query, "bodyBytes"),
        Chunked: query["chunked"].FirstOrDefault() is "1" or "true",
        Endless: query["endless"].FirstOrDefault() is "1" or "true",
        ContentLength: Long(query, "contentLength"),
        TrickleMs: Int(query, "trickleMs") ?? 0,
        PieceBytes: Int(query, "pieceBytes"));

    private static KeyValuePair<string, string>? SplitHeader(string? text)
    {
        var colon = text?.IndexOf(':') ?? -1;
        return colon <= 0 ? null : new(text![..colon].Trim(), text[(colon + 1)..].Trim());
    }

    private static long? Long(IQueryCollection query, string name) =>
        long.TryParse(query[name].FirstOrDefault(), out var value) ? value : null;

    private static int? Int(IQueryCollection query, string name) =>
        int.TryParse(query[name].FirstOrDefault(), out var value) ? value : null;
}
