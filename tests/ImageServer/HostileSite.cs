using System.Text;

namespace Img2Dataset.ImageServer;

/// <summary>
/// The site files of the extra origins a server started with <c>--sites N</c> serves (one port each), for the soak:
/// every fourth origin has a huge robots.txt (400 KB: other crawlers' groups, 15,000 rules for every agent, a
/// pattern built to backtrack), one has site files that cannot be read (a robots.txt announced as brotli that is
/// not, a tdmrep.json that is not UTF-8), one a tdmrep.json with a location built to backtrack and a faulty rule,
/// and one none at all.
/// </summary>
public static class HostileSite
{
    /// <summary>"/" then 2,000 times "*a", then "*b": against a path of a's with no b, a backtracking matcher never ends.</summary>
    public static readonly string BacktrackingPattern = "/" + string.Concat(Enumerable.Repeat("*a", 2000)) + "*b";

    private static readonly Lazy<byte[]> HugeRobots = new(() =>
    {
        var file = new StringBuilder();
        for (var agent = 0; agent < 200; agent++)
        {
            file.Append("User-agent: crawler").Append(agent).Append("\nDisallow: /only/for/crawler/").Append(agent).Append("/\n");
        }
        file.Append("User-agent: *\nContent-Usage: /private/ train-ai=n\nDisallow: ").Append(BacktrackingPattern).Append('\n');
        for (var rule = 0; rule < 15_000; rule++)
        {
            file.Append("Disallow: /private/area/").Append(rule).Append("/\n");
        }
        return Encoding.UTF8.GetBytes(file.ToString());
    });

    /// <summary>The site file at <paramref name="path"/> of site <paramref name="index"/>: its bytes and content-encoding, or null (404).</summary>
    public static (byte[] Body, string? Encoding)? File(int index, string path) => (index % 4, path) switch
    {
        (0, "/robots.txt") => (HugeRobots.Value, null),
        (1, "/robots.txt") => ("User-agent: *\nDisallow: /never/\n"u8.ToArray(), "br"),
        (1, "/.well-known/tdmrep.json") => ([.. "[{\"location\": \"/caf"u8, 0xFF, .. "\", \"tdm-reservation\": 1}]"u8], null),
        (2, "/.well-known/tdmrep.json") => (Encoding.UTF8.GetBytes(
            $$"""[{"location": "{{BacktrackingPattern}}", "tdm-reservation": 1}, {"tdm-reservation": 2}, {"location": "/nothing/", "tdm-reservation": 1}]"""), null),
        _ => null,
    };
}
