namespace Img2Dataset.Engine.Policy;

/// <summary>
/// tdmrep.json per origin, fetched once for the run before the origin's first image (the report: "A TDM Agent MUST
/// check the presence of a TDM file on the origin server before it starts scraping"). Any status but 2xx, a
/// failure or a redirect away means no file; so does a file that cannot be read (an encoding that does not decode,
/// bytes that are not UTF-8, something not JSON), with one warning naming the file and the fault: a hostile file
/// never fails the images that wait on it. A file over 64 KiB means no reservation and a warning; a faulty rule is
/// skipped with a warning and the others apply. The files are held within <see cref="DefaultByteBudget"/>.
/// </summary>
public sealed class TdmRepFileCache
{
    public const int MaxBytes = 64 * 1024;
    public const long DefaultByteBudget = 8L * 1024 * 1024;
    public const string WellKnownPath = "/.well-known/tdmrep.json";
    private readonly SiteFileFetcher fetcher;
    private readonly Action<string> warn;
    private readonly OriginCache<TdmRepFile> byOrigin;

    public TdmRepFileCache(SiteFileFetcher fetcher, Action<string> warn, long byteBudget = DefaultByteBudget)
    {
        this.fetcher = fetcher;
        this.warn = warn;
        byOrigin = new OriginCache<TdmRepFile>(origin => FetchAsync(new Uri(origin + WellKnownPath)), file => file.ApproximateBytes, byteBudget);
    }

    /// <summary>The rule of the origin's file that applies to <paramref name="url"/>; null when there is none.</summary>
    public async Task<TdmRepRule?> MatchAsync(Uri url, CancellationToken cancellationToken)
    {
        var file = await byOrigin.GetAsync(url, cancellationToken);
        return file.Match(url.PathAndQuery);
    }

    private async Task<TdmRepFile> FetchAsync(Uri fileUrl)
    {
        var fetched = await fetcher.FetchAsync(fileUrl, MaxBytes);
        if (fetched.Unreadable)
        {
            warn($"{fileUrl} could not be read ({fetched.Failure}); it is ignored, so it reserves nothing.");
        }
        if (fetched.Body is not { } body)
        {
            return TdmRepFile.None;
        }
        if (fetched.Truncated)
        {
            warn($"{fileUrl} is larger than {MaxBytes / 1024} KiB; it is ignored, so it reserves nothing.");
            return TdmRepFile.None;
        }
        try
        {
            return TdmRepFile.Parse(body, fileUrl.AbsoluteUri, skipped => warn($"{fileUrl}: {skipped}; the other rules apply."));
        }
        catch (Exception e)
        {
            warn($"{fileUrl} is malformed ({e.Message}); it is ignored, so it reserves nothing.");
            return TdmRepFile.None;
        }
    }
}
