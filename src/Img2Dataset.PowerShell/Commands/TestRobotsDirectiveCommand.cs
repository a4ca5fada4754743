using System.Collections;
using System.Management.Automation;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Jobs;
using Img2Dataset.Engine.Policy;
using Img2Dataset.PowerShell.Bridging;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>Test-RobotsDirective: audits URLs (HEAD, or a ranged GET) or raw headers for opt-out signals.</summary>
[Cmdlet(VerbsDiagnostic.Test, "RobotsDirective", DefaultParameterSetName = UrlSet)]
[OutputType(typeof(OptOutVerdict))]
public sealed class TestRobotsDirectiveCommand : PSCmdlet, IDisposable
{
    private const string UrlSet = "Url";
    private const string HeaderSet = "Header";
    private readonly CancellationTokenSource stopping = new();
    private HttpClient? client;
    private PipelineBridge<string, OptOutVerdict>? bridge;
    private ProgressReporter? progress;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = UrlSet)]
    [ValidateNotNullOrEmpty]
    public string[] Url { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = HeaderSet)]
    [ValidateNotNullOrEmpty]
    public object[] Header { get; set; } = [];

    [Parameter]
    [Alias("disallowed_header_directives")]
    [AllowEmptyCollection]
    public string[] DisallowedHeaderDirectives { get; set; } = [.. OptOutPolicy.DefaultDisallowedDirectives];

    [Parameter]
    [Alias("user_agent_token")]
    [ValidateNotNullOrEmpty]
    public string UserAgentToken { get; set; } = OptOutPolicy.DefaultUserAgentToken;

    [Parameter]
    public SwitchParameter IgnoreTdmReservation { get; set; }

    [Parameter(ParameterSetName = UrlSet)]
    public SwitchParameter RespectRobotsTxt { get; set; }

    [Parameter(ParameterSetName = UrlSet)]
    [Alias("thread_count")]
    [ValidateRange(1, 4096)]
    public int ThreadCount { get; set; } = 16;

    [Parameter(ParameterSetName = UrlSet)]
    [ValidateRange(1, 3600)]
    public int Timeout { get; set; } = 10;

    [Parameter(ParameterSetName = UrlSet)]
    [ValidateRange(1, 1024)]
    public int MaxConnectionsPerHost { get; set; } = 16;

    [Parameter(ParameterSetName = UrlSet)]
    public SwitchParameter AllowPrivateNetwork { get; set; }

    [Parameter(ParameterSetName = UrlSet)]
    [Alias("ignore_ssl_certificate")]
    public SwitchParameter IgnoreSslCertificate { get; set; }

    protected override void BeginProcessing()
    {
        var policy = new OptOutPolicy
        {
            DisallowedDirectives = DisallowedHeaderDirectives,
            UserAgentToken = UserAgentToken,
            RespectTdmReservation = !IgnoreTdmReservation,
            RespectRobotsTxt = RespectRobotsTxt,
        };
        OptOutEvaluator evaluator;
        try
        {
            evaluator = new OptOutEvaluator(policy);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "InvalidOptOutPolicy", ErrorCategory.InvalidArgument, UserAgentToken));
            return;
        }
        if (ParameterSetName == HeaderSet)
        {
            WriteObject(new OptOutVerdict { Method = "headers", Decision = evaluator.Evaluate(ReadHeaders()) });
            return;
        }
        var timeout = TimeSpan.FromSeconds(Timeout);
        client = HttpClientFactory.Create(new FetchOptions
        {
            Timeout = timeout,
            MaxConnectionsPerHost = MaxConnectionsPerHost,
            AllowPrivateNetwork = AllowPrivateNetwork,
            IgnoreSslCertificate = IgnoreSslCertificate,
            UserAgentToken = UserAgentToken,
        });
        var robots = RespectRobotsTxt ? new RobotsTxtCache(client, UserAgentToken, timeout) : null;
        var auditor = new OptOutAuditor(client, evaluator, robots, timeout);
        var pool = new BoundedWorkerPool<string, OptOutVerdict>(ThreadCount, 2 * ThreadCount, auditor.AuditAsync, stopping.Token);
        progress = new ProgressReporter(this, "Test-RobotsDirective", "Auditing opt-out signals");
        bridge = new PipelineBridge<string, OptOutVerdict>(pool, Emit, stopping.Token);
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
    }

    protected override void StopProcessing() => stopping.Cancel();

    public void Dispose()
    {
        client?.Dispose();
        stopping.Dispose();
    }

    private void Emit(OptOutVerdict verdict)
    {
        WriteObject(verdict);
        progress!.Advance(verdict.Allowed == false ? 1 : 0);
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
