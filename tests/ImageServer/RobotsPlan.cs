using Microsoft.AspNetCore.Http;

namespace Img2Dataset.ImageServer;

/// <summary>How <c>/robots.txt</c> is served, from the query of <c>PUT /_control/robots</c>: <c>status=N</c>,
/// <c>redirects=N</c> (a chain before the file), <c>encoding=gzip|br</c>.</summary>
public sealed record RobotsPlan(int? Status, int Redirects, string? Encoding)
{
    public static RobotsPlan Parse(IQueryCollection query) => new(
        int.TryParse(query["status"].FirstOrDefault(), out var status) ? status : null,
        int.TryParse(query["redirects"].FirstOrDefault(), out var redirects) ? redirects : 0,
        query["encoding"].FirstOrDefault());
}
