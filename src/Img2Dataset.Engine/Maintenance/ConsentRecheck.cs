using System.Text.Json;
using System.Text.Json.Nodes;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Output;
using Img2Dataset.Engine.Policy;

namespace Img2Dataset.Engine.Maintenance;

/// <summary>
/// Asks the origin of every stored image again what its creator wants now, without downloading the image: the
/// auditor's HEAD (or one-byte ranged GET where HEAD is refused) on every redirect hop, and each site's robots.txt
/// and tdmrep.json once per run: every signal the download honours but those embedded in the image, with the same
/// policy and evidence. Those need the image (the stored one was re-encoded without its metadata), so with
/// inspectImage each image is downloaded whole, as a job does, and its embedded blocks are read too. As polite as the
/// downloader: at most <see cref="FetchOptions.ThreadCount"/> requests at once, <see cref="FetchOptions.MaxConnectionsPerHost"/>
/// per host, and a 429 or 503 asked again after its Retry-After (or a back-off) when that fits the timeout. A refused sample becomes an edit (removed, or marked); a sample whose
/// origin does not answer (an HTTP error, a network failure, a time-out) is reported, and removed only when asked.
/// </summary>
public sealed class ConsentRecheck : IDisposable
{
    public const string UnreachableSignal = "Unreachable";
    private const int Attempts = 3;
    private readonly HttpClient client;
    private readonly Func<string, CancellationToken, Task<OptOutVerdict>> audit;
    private readonly HostLimiter hosts;
    private readonly FetchOptions fetch;

    /// <param name="fetch">Requests as the downloader makes them: threads, per-host connections, timeout, redirects.</param>
    /// <param name="policy">The signals honoured, as for a download.</param>
    /// <param name="warn">Where a site file that cannot be read is told.</param>
    /// <param name="inspectImage">Download each image whole and read the signals embedded in it as well.</param>
    public ConsentRecheck(FetchOptions fetch, OptOutPolicy policy, Action<string> warn, bool inspectImage = false)
    {
        this.fetch = fetch;
        client = HttpClientFactory.Create(fetch);
        audit = inspectImage ? Inspector(policy, warn) : Auditor(policy, warn);
        hosts = new HostLimiter(fetch.MaxConnectionsPerHost);
    }

    private Func<string, CancellationToken, Task<OptOutVerdict>> Auditor(OptOutPolicy policy, Action<string> warn)
    {
        var auditor = new OptOutAuditor(client, new OptOutEvaluator(policy), SiteSignals.For(client, policy, fetch.Timeout, warn), fetch.Timeout, fetch.MaxRedirects);
        return auditor.AuditAsync;
    }

    private Func<string, CancellationToken, Task<OptOutVerdict>> Inspector(OptOutPolicy policy, Action<string> warn)
    {
        var options = new DownloadOptions { Fetch = fetch, OptOut = policy, ComputeHash = HashKind.None };
        var inspector = new ImageOptOutInspector(new ImageFetcher(client, options, warn: warn));
        // A row of its own per URL: the fetcher needs one, and the re-check runs URLs in parallel.
        return (url, token) => inspector.InspectAsync(new PlainUrlRows().Next(url), token);
    }

    /// <param name="shard">The shard's name, for the report.</param>
    /// <param name="rows">Its metadata rows: those that hold an image (status success) are re-checked.</param>
    /// <param name="markOnly">Mark refused samples instead of removing them.</param>
    /// <param name="removeUnreachable">Remove the samples whose origin does not answer.</param>
    /// <param name="cancellationToken">Stops the re-check.</param>
    public async Task<ShardDecision> CheckAsync(string shard, IReadOnlyList<Dictionary<string, object?>> rows, bool markOnly, bool removeUnreachable,
        CancellationToken cancellationToken)
    {
        var stored = rows.Where(r => r.GetValueOrDefault("status") as string == SampleStatus.Success && r.GetValueOrDefault("key") is string && r.GetValueOrDefault("url") is string)
            .Select(r => (Key: (string)r["key"]!, Url: (string)r["url"]!))
            .ToList();
        var edits = new System.Collections.Concurrent.ConcurrentBag<SampleEdit>();
        var unreachable = new System.Collections.Concurrent.ConcurrentBag<UnreachableSample>();
        await Parallel.ForEachAsync(stored, new ParallelOptions { MaxDegreeOfParallelism = fetch.ThreadCount, CancellationToken = cancellationToken }, async (sample, token) =>
        {
            var verdict = await AuditAsync(sample.Url, token);
            var at = DateTimeOffset.UtcNow;
            if (verdict.Decision is { Allowed: false } refused)
            {
                edits.Add(new SampleEdit(sample.Key, markOnly ? SampleEditKind.Mark : SampleEditKind.Remove, refused.Message!,
                    Stamped(refused.ToMetadata()!, markOnly ? "rechecked_at" : "removed_at", at), refused.Signal.ToString()));
            }
            else if (verdict.Error is { } error)
            {
                unreachable.Add(new UnreachableSample(shard, sample.Key, sample.Url, error));
                if (removeUnreachable)
                {
                    edits.Add(new SampleEdit(sample.Key, SampleEditKind.Remove, $"unreachable on re-check: {error}", Unreachable(sample.Url, error, at), UnreachableSignal));
                }
            }
        });
        return new ShardDecision(edits.ToDictionary(e => e.Key, StringComparer.Ordinal), stored.Count, unreachable.OrderBy(u => u.Key, StringComparer.Ordinal).ToList());
    }

    public void Dispose() => client.Dispose();

    /// <summary>One URL's verdict, asked again after a 429 or 503 when the wait fits the timeout.</summary>
    private async Task<OptOutVerdict> AuditAsync(string url, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            OptOutVerdict verdict;
            // A URL that does not parse is the auditor's to report; it takes no host's slot.
            using (Uri.TryCreate(url, UriKind.Absolute, out var uri) ? await hosts.EnterAsync(uri, cancellationToken) : null)
            {
                verdict = await audit(url, cancellationToken);
            }
            var wait = verdict.RetryAfter ?? TimeSpan.FromSeconds(Math.Pow(2, attempt - 1));
            if (verdict.StatusCode is not (429 or 503) || attempt == Attempts || wait > fetch.Timeout)
            {
                return verdict;
            }
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, cancellationToken);
        }
    }

    /// <summary>The decision's evidence with when it was found.</summary>
    private static string Stamped(string evidence, string field, DateTimeOffset at)
    {
        var node = JsonNode.Parse(evidence)!.AsObject();
        node[field] = Timestamps.Utc(at);
        return node.ToJsonString();
    }

    private static string Unreachable(string url, string error, DateTimeOffset at) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["signal"] = UnreachableSignal,
        ["matched"] = new[] { error },
        ["source"] = url,
        ["removed_at"] = Timestamps.Utc(at),
    });
}
