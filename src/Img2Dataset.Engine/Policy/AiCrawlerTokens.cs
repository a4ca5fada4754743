namespace Img2Dataset.Engine.Policy;

/// <summary>
/// The robots.txt product tokens of crawlers that gather AI training data: data, not code, in
/// <c>ai-crawler-tokens.tsv</c> beside the engine (one token and its operator's page per line), so the list can be
/// read, cited and replaced (<c>-AiCrawlerToken</c>) without a new build.
/// </summary>
public static class AiCrawlerTokens
{
    public const string FileName = "ai-crawler-tokens.tsv";

    private static readonly Lazy<IReadOnlyList<string>> Shipped = new(() => Parse(File.ReadAllLines(
        Path.Combine(Path.GetDirectoryName(typeof(AiCrawlerTokens).Assembly.Location)!, FileName))));

    /// <summary>The list the module ships.</summary>
    public static IReadOnlyList<string> Default => Shipped.Value;

    /// <summary>The tokens of the file's lines: the first field of each, comments (#) and blank lines left out.</summary>
    public static IReadOnlyList<string> Parse(IEnumerable<string> lines) =>
        lines.Select(l => l.Split('\t', 2)[0].Trim()).Where(t => t.Length > 0 && !t.StartsWith('#')).ToArray();
}
