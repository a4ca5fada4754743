using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Policy;

namespace Img2Dataset.Engine.Fetch;

/// <summary>
/// Audits URLs the way a job downloads them: a whole GET through <see cref="ImageFetcher"/>, so the verdict covers
/// every signal a job honours, those embedded in the image (IPTC Data Mining, C2PA training-mining) too. The bytes
/// are dropped once searched.
/// </summary>
public sealed class ImageOptOutInspector(ImageFetcher fetcher)
{
    private readonly PlainUrlRows rows = new();
    private readonly object numbering = new();

    public async Task<OptOutVerdict> InspectAsync(string url, CancellationToken cancellationToken)
    {
        UrlRow row;
        lock (numbering)
        {
            row = rows.Next(url);
        }
        var image = await fetcher.FetchAsync(row, cancellationToken);
        image.ReleaseBody();
        var refused = image.OptOut is { Allowed: false };
        return new OptOutVerdict
        {
            Url = url,
            Method = "GET",
            StatusCode = image.HttpStatus,
            Decision = image.Succeeded || refused ? image.OptOut ?? OptOutDecision.Allow : null,
            Error = refused ? null : image.ErrorMessage,
        };
    }
}
