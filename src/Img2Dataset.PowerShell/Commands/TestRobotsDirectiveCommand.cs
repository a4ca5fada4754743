using System.Collections;
using System.Management.Automation;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Jobs;
using Img2Dataset.Engine.Policy;
using Img2Dataset.PowerShell.Bridging;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>
/// Test-RobotsDirective: audits URLs (HEAD, or a ranged GET; a whole GET with -InspectImage, for the signals embedded
/// in the image) or raw headers for opt-out signals.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "RobotsDirective", DefaultParameterSetName = UrlSet, HelpUri = HelpLinks.OptOuts)]
[OutputType(typeof(OptOutVerdict))]
public sealed class TestRobotsDirectiveCommand : NetworkCommandBase
{
    private const string UrlSet = "Url";
    private const string HeaderSet = "Header";
    private HttpClient? client;
    private PipelineBridge<string, OptOutVerdict>? bridge;
    private ProgressReporter? progress;
    private DeferredWarnings? warnings;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = UrlSet)]
    [ValidateNotNullOrEmpty]
    public string[] Url { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = HeaderSet)]
    [ValidateNotNullOrEmpty]
    public object[] Header { get; set; } = [];

    /// <summary>Download each image whole, as a job does, so the signals embedded in it (IPTC, C2PA) are audited too.</summary>
    [Parameter(ParameterSetName = UrlSet)]
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
        var pool = new BoundedWorkerPool<string, OptOutVerdict>(ThrottleLimit, 2 * ThrottleLimit, Audit(fetch, evaluator), OptOutAuditor.Unexpected, Cancellation);
        progress = new ProgressReporter(this, "Test-RobotsDirective", "Auditing opt-out signals", "refused");
        bridge = new PipelineBridge<string, OptOutVerdict>(pool, Emit, Cancellation);
    }

    private Func<string, CancellationToken, Task<OptOutVerdict>> Audit(FetchOptions fetch, OptOutEvaluator evaluator)
    {
        if (InspectImage)
        {
            var options = new DownloadOptions { Fetch = fetch, OptOut = OptOutPolicy, ComputeHash = HashKind.None };
            return new ImageOptOutInspector(new ImageFetcher(client!, options, warn: warnings!.Add)).InspectAsync;
        }
        var site = SiteSignals.For(client!, OptOutPolicy, fetch.Timeout, warnings!.Add);
        return new OptOutAuditor(client!, evaluator, site, fetch.Timeout, fetch.MaxRedirects).AuditAsync;
    }

    protected override void ProcessRecord()
    {
        if (bridge is null)
        {
            return;
        }
        foreach (var url in Url)
        {
            bridge.Post(url);
        }
    }

    protected override void EndProcessing()
    {
        bridge?.Complete();
        progress?.Complete();
        warnings?.Flush();
    }

    protected override void DisposeResources() => client?.Dispose();

    private void Emit(OptOutVerdict verdict)
    {
        warnings!.Flush();
        WriteObject(verdict);
        progress!.Advance(verdict.Allowed == false);
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
}
