namespace Img2Dataset.Engine.Fetch;

/// <summary>
/// The reference's User-Agent, plus <c>(compatible; TOKEN; +URL)</c> so hosts can identify the tool by the same token
/// their X-Robots-Tag and robots.txt groups name.
/// </summary>
public static class UserAgent
{
    public const string Browser = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:72.0) Gecko/20100101 Firefox/72.0";
    public const string ProjectUrl = "https://github.com/rom1504/img2dataset";

    public static string For(string? token) =>
        string.IsNullOrWhiteSpace(token) ? Browser : $"{Browser} (compatible; {token.Trim().ToLowerInvariant()}; +{ProjectUrl})";
}
