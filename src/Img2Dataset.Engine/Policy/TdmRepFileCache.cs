namespace Img2Dataset.Engine.Policy;

/// <summary>
/// tdmrep.json per origin, fetched once for the run before the origin's first image (the report: "A TDM Agent MUST
/// check the presence of a TDM file on the origin server before it starts scraping"). Any status but 2xx, a
/// failure or a redirect away means no file; a file over 64 KiB, or one that does not parse, means no reservation
/// and one warning naming the file and the fault.
/// </summary>
public sealed class TdmRepFileCache
{
    public const int MaxBytes = 64 * 1024;
    public const string WellKnownPath = "/.well-known/tdmrep.json";
    private readonly SiteFileFetcher fetcher;
    private readonly Action<string> warn;
    private readonly OriginCache<TdmRepFile> byOrigin;

    public TdmRepFileCache(SiteFileFetcher fetcher, Action<string> warn, int capacity = OriginCache<TdmRepFile>.DefaultCapacity)
    {
        this.fetcher = fetcher;
        this.warn = warn;
        byOrigin = new OriginCache<TdmRepFile>(origin => FetchAsync(new Uri(origin + WellKnownPath)), capacity);
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
            return TdmRepFile.Parse(body, fileUrl.AbsoluteUri);
        }
        catch (FormatException e)
        {
            warn($"{fileUrl} is malformed ({e.Message}); it is ignored, so it reserves nothing.");
            return TdmRepFile.None;
        }
    }
}
