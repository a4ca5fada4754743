using System.Management.Automation;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Policy;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>
/// The parameters every cmdlet that goes on the network shares — the opt-out policy, concurrency, time limits and
/// network safety — and the cancellation that StopProcessing (Ctrl+C) triggers.
/// </summary>
public abstract class NetworkCommandBase : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource stopping = new();

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

    [Parameter]
    public SwitchParameter RespectRobotsTxt { get; set; }

    [Parameter]
    [Alias("thread_count")]
    [ValidateRange(1, 4096)]
    public int ThreadCount { get; set; } = 64;

    [Parameter]
    [ValidateRange(1, 3600)]
    public int Timeout { get; set; } = 10;

    [Parameter]
    [ValidateRange(1, 1024)]
    public int MaxConnectionsPerHost { get; set; } = 16;

    [Parameter]
    public SwitchParameter AllowPrivateNetwork { get; set; }

    [Parameter]
    [Alias("ignore_ssl_certificate")]
    public SwitchParameter IgnoreSslCertificate { get; set; }

    protected CancellationToken Cancellation => stopping.Token;

    protected OptOutPolicy OptOutPolicy => new()
    {
        DisallowedDirectives = DisallowedHeaderDirectives,
        UserAgentToken = UserAgentToken,
        RespectTdmReservation = !IgnoreTdmReservation,
        RespectRobotsTxt = RespectRobotsTxt,
    };

    protected FetchOptions FetchOptions => new()
    {
        ThreadCount = ThreadCount,
        Timeout = TimeSpan.FromSeconds(Timeout),
        MaxConnectionsPerHost = MaxConnectionsPerHost,
        AllowPrivateNetwork = AllowPrivateNetwork,
        IgnoreSslCertificate = IgnoreSslCertificate,
        UserAgentToken = UserAgentToken,
    };

    /// <summary>Runs engine set-up, turning an invalid option into a terminating InvalidArgument error.</summary>
    protected T Configure<T>(Func<T> create, string errorId)
    {
        try
        {
            return create();
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, errorId, ErrorCategory.InvalidArgument, e.ParamName));
            throw;
        }
    }

    protected override void StopProcessing() => stopping.Cancel();

    public void Dispose()
    {
        DisposeResources();
        stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    protected virtual void DisposeResources()
    {
    }
}
