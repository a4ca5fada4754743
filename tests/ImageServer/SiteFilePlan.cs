using Microsoft.AspNetCore.Http;

namespace Img2Dataset.ImageServer;

/// <summary>How a site file (<c>/robots.txt</c>, <c>/.well-known/tdmrep.json</c>) is served, from the query of the
/// <c>PUT /_control/robots</c> or <c>/_control/tdmrep</c> that set it: <c>status=N</c>, <c>redirects=N</c> (a chain
/// before the file), <c>encoding=gzip|br</c>, <c>mislabelled=1</c> (the encoding announced, the body sent as it is:
/// a "br" that is not brotli), <c>stallMs=N</c> (the headers at once, the body that long after).</summary>
public sealed record SiteFilePlan(int? Status, int Redirects, string? Encoding, int StallMs, bool Mislabelled = false)
{
    public static SiteFilePlan Plain { get; } = new(null, 0, null, 0);

    public static SiteFilePlan Parse(IQueryCollection query) => new(
        int.TryParse(query["status"].FirstOrDefault(), out var status) ? status : null,
        int.TryParse(query["redirects"].FirstOrDefault(), out var redirects) ? redirects : 0,
        query["encoding"].FirstOrDefault(),
        int.TryParse(query["stallMs"].FirstOrDefault(), out var stall) ? stall : 0,
        query["mislabelled"].FirstOrDefault() is "1" or "true");
}
