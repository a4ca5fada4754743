using System.Collections;
using System.Management.Automation;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Jobs;
using Img2Dataset.Engine.Policy;
using Img2Dataset.PowerShell.Bridging;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>
/// Test-RobotsDirective: audits URLs (HEAD, or a ranged GET; a whole GET with -InspectImage, for the signals embedded
/// in the image) or raw headers for opt-out signals. A bare URL gets a verdict; a UrlRow from Import-UrlList is passed
/// on as the same row with its verdict attached, so the pipeline keeps its key, shard, caption and columns and
/// Invoke-ImageDownload does not request what the audit refused.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "RobotsDirective", DefaultParameterSetName = UrlSet, HelpUri = HelpLinks.OptOuts)]
[OutputType(typeof(OptOutVerdict))]
[OutputType(typeof(UrlRow), ParameterSetName = [PipelineSet])]
public sealed class TestRobotsDirectiveCommand : NetworkCommandBase
{
    private const string UrlSet = "Url";
    private const string PipelineSet = "Pipeline";
    private const string HeaderSet = "Header";
    private readonly PlainUrlRows bareUrls = new();
    private readonly AuditTally tally = new();
    private HttpClient? client;
    private PipelineBridge<AuditedRow, AuditedRow>? bridge;
    private ProgressReporter? progress;
    private DeferredWarnings? warnings;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = UrlSet)]
    [ValidateNotNullOrEmpty]
    public string[] Url { get; set; } = [];

    /// <summary>
    /// Pipeline input: a UrlRow (from Import-UrlList) is passed on with its verdict attached; a string, or an object
    /// with a Url property (Import-Csv's), is a bare URL and gets a verdict.
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = PipelineSet)]
    [ValidateNotNull]
    public object[] InputObject { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = HeaderSet)]
    [ValidateNotNullOrEmpty]
    public object[] Header { get; set; } = [];

    /// <summary>Download each image whole, as a job does, so the signals embedded in it (IPTC, C2PA) are audited too.</summary>
    [Parameter(ParameterSetName = UrlSet)]
    [Parameter(ParameterSetName = PipelineSet)]
    public SwitchParameter InspectImage { get; set; }

    protected override void BeginProcessing()
    {
        var evaluator = this.Configure(() => new OptOutEvaluator(OptOutPolicy), "InvalidOptOutPolicy");
        if (ParameterSetName == HeaderSet)
        {
            WriteObject(new OptOutVerdict { Method = "headers", Decision = evaluator.Evaluate(ReadHeaders()) });
            return;
        }
        var fetch = FetchOptions;
        client = HttpClientFactory.Create(fetch);
        warnings = new DeferredWarnings(this);
        var audit = Audit(fetch, evaluator);
        var pool = new BoundedWorkerPool<AuditedRow, AuditedRow>(ThrottleLimit, 2 * ThrottleLimit,
            async (item, token) => item with { Verdict = await audit(item.Row, token) },
            (item, e) => item with { Verdict = OptOutAuditor.Unexpected(item.Row.Url, e) }, Cancellation);
        progress = new ProgressReporter(this, "Test-RobotsDirective", "Auditing opt-out signals", "refused");
        bridge = new PipelineBridge<AuditedRow, AuditedRow>(pool, Emit, Cancellation);
        WriteVerbose(InspectImage
            ? "Auditing each URL with a whole GET, as a job downloads it: headers, site files and the signals embedded in the image."
            : "Auditing each URL's headers (HEAD, or a one-byte ranged GET where HEAD is refused) and its site's robots.txt and tdmrep.json.");
    }

    private Func<UrlRow, CancellationToken, Task<OptOutVerdict>> Audit(FetchOptions fetch, OptOutEvaluator evaluator)
    {
        if (InspectImage)
        {
            var options = new DownloadOptions { Fetch = fetch, OptOut = OptOutPolicy, ComputeHash = HashKind.None };
            return new ImageOptOutInspector(new ImageFetcher(client!, options, warn: warnings!.Add)).InspectAsync;
        }
        var site = SiteSignals.For(client!, OptOutPolicy, fetch.Timeout, warnings!.Add);
        var auditor = new OptOutAuditor(client!, evaluator, site, fetch.Timeout, fetch.MaxRedirects);
        return (row, token) => auditor.AuditAsync(row.Url, token);
    }

    protected override void ProcessRecord()
    {
        if (bridge is null)
        {
            return;
        }
        foreach (var item in ParameterSetName == PipelineSet ? InputObject : Url)
        {
            if (ToAuditedRow(item) is { } row)
            {
                bridge.Post(row);
            }
        }
    }

    private AuditedRow? ToAuditedRow(object item)
    {
        switch (item is PSObject wrapped ? wrapped.BaseObject : item)
        {
            case UrlRow row:
                return new AuditedRow(row, Bare: false, Verdict: null);
            case string url:
                return new AuditedRow(bareUrls.Next(url), Bare: true, Verdict: null);
        }
        if (PSObject.AsPSObject(item).Properties["Url"]?.Value is { } property)
        {
            return new AuditedRow(bareUrls.Next(property.ToString() ?? ""), Bare: true, Verdict: null);
        }
        WriteError(new ErrorRecord(new ArgumentException($"Expected a UrlRow, a URL string or an object with a Url property, got {item.GetType().FullName}."),
            "InvalidInputObject", ErrorCategory.InvalidType, item));
        return null;
    }

    protected override void EndProcessing()
    {
        bridge?.Complete();
        progress?.Complete();
        warnings?.Flush();
        if (bridge is not null)
        {
            WriteVerbose(tally.Describe());
        }
    }

    protected override void DisposeResources() => client?.Dispose();

    private void Emit(AuditedRow audited)
    {
        var verdict = audited.Verdict!;
        warnings!.Flush();
        tally.Add(verdict);
        WriteObject(audited.Bare ? verdict : audited.Row with { Verdict = verdict });
        progress!.Advance(verdict.Allowed == false, audited.Bare ? null : audited.Row.ShardId);
    }

    private IEnumerable<KeyValuePair<string, IEnumerable<string>>> ReadHeaders()
    {
        var lines = new List<string>();
        var pairs = new List<KeyValuePair<string, IEnumerable<string>>>();
        foreach (var item in Header.Select(h => h is PSObject ps ? ps.BaseObject : h))
        {
            if (item is IDictionary dictionary)
            {
                pairs.AddRange(dictionary.Cast<DictionaryEntry>().Select(e => KeyValuePair.Create(
                    e.Key.ToString() ?? "",
                    LanguagePrimitives.ConvertTo<string[]>(e.Value) as IEnumerable<string>)));
            }
            else
            {
                lines.Add(item?.ToString() ?? "");
            }
        }
        try
        {
            return pairs.Concat(HeaderLines.Parse(lines)).ToArray();
        }
        catch (FormatException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "InvalidHeaderLine", ErrorCategory.InvalidArgument, Header));
            return [];
        }
    }

    /// <summary>A row on its way through the audit: whether it came as a bare URL (answered with the verdict alone) and, once audited, its verdict.</summary>
    private sealed record AuditedRow(UrlRow Row, bool Bare, OptOutVerdict? Verdict);
}
