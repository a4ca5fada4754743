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
    public async Task<OptOutVerdict> InspectAsync(UrlRow row, CancellationToken cancellationToken)
    {
        var image = await fetcher.FetchAsync(row, cancellationToken);
        image.ReleaseBody();
        var refused = image.OptOut is { Allowed: false };
        return new OptOutVerdict
        {
            Url = row.Url,
            Method = "GET",
            StatusCode = image.HttpStatus,
            Decision = image.Succeeded || refused ? image.OptOut ?? OptOutDecision.Allow : null,
            Error = refused ? null : image.ErrorMessage,
        };
    }
}
