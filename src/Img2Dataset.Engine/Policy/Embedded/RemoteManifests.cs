using System.Net.Http.Headers;

namespace Img2Dataset.Engine.Policy.Embedded;

/// <summary>
/// C2PA manifest stores kept outside the image (C2PA Technical Specification 1.4, §16.2.2: a validator SHOULD look
/// for one when none is embedded): located by the response's <c>Link: &lt;…&gt;; rel="c2pa-manifest"</c> header,
/// which takes precedence, else by the XMP <c>dcterms:provenance</c> URL; fetched once per URL with the run's client
/// (its private-network guard), under the run's timeout and <see cref="MaxBytes"/>, and what each states held for the
/// run within a byte budget. A manifest that cannot be had, or is cut by the cap, states nothing.
/// </summary>
public sealed class RemoteManifests
{
    public const string LinkRelation = "c2pa-manifest";
    public const int MaxBytes = 4 * 1024 * 1024;
    public const long DefaultByteBudget = 4L * 1024 * 1024;
    private readonly SiteFileFetcher fetcher;
    private readonly OriginCache<IReadOnlyList<string>> byUrl;

    public RemoteManifests(HttpClient client, TimeSpan timeout, long byteBudget = DefaultByteBudget)
    {
        fetcher = new SiteFileFetcher(client, timeout);
        byUrl = new OriginCache<IReadOnlyList<string>>(url => FetchAsync(new Uri(url)), refusals => refusals.Sum(r => 40 + 2L * r.Length), byteBudget);
    }

    /// <summary>
    /// Where the remote manifest of a response is: the Link header's target, else the XMP provenance, resolved
    /// against the response's URL; null when neither names an http or https URL (a "self#jumbf=" reference names
    /// the embedded store).
    /// </summary>
    public static Uri? Locate(HttpResponseHeaders headers, string? xmpProvenance, Uri responseUrl)
    {
        var linked = headers.TryGetValues("Link", out var links) ? LinkHeader.Target(links, LinkRelation) : null;
        foreach (var reference in new[] { linked, xmpProvenance })
        {
            if (reference is not null && Uri.TryCreate(responseUrl, reference, out var url) && url.Scheme is "http" or "https")
            {
                return url;
            }
        }
        return null;
    }

    /// <summary>The refusals the manifest at <paramref name="url"/> states, its URL the source.</summary>
    public async Task<IReadOnlyList<OptOutEvidence>> RefusalsAsync(Uri url, CancellationToken cancellationToken)
    {
        var refusals = await byUrl.GetAsync(url.AbsoluteUri, cancellationToken);
        return refusals.Select(r => new OptOutEvidence(OptOutSignal.C2paTrainingMining, r, url.AbsoluteUri)).ToArray();
    }

    private async Task<IReadOnlyList<string>> FetchAsync(Uri url)
    {
        var file = await fetcher.FetchAsync(url, MaxBytes);
        if (file.Body is not { } body || file.Truncated)
        {
            return [];
        }
        return EmbeddedSignalReader.Safely(() => C2paTrainingMining.Refusals(body), []);
    }
}
