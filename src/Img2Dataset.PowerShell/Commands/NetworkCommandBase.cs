using System.Management.Automation;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Policy;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>
/// The parameters every cmdlet that goes on the network shares: the opt-out policy, concurrency, time limits and
/// network safety.
/// </summary>
public abstract class NetworkCommandBase : StoppableCommandBase
{
    [Parameter]
    [Alias("disallowed_header_directives")]
    [AllowEmptyCollection]
    public string[] DisallowedHeaderDirectives { get; set; } = [.. OptOutPolicy.DefaultDisallowedDirectives];

    [Parameter]
    [Alias("user_agent_token")]
    [ValidateNotNullOrEmpty]
    public string UserAgentToken { get; set; } = OptOutPolicy.DefaultUserAgentToken;

    [Parameter]
    [Alias("ignore_tdm_reservation")]
    public SwitchParameter IgnoreTdmReservation { get; set; }

    [Parameter]
    [Alias("respect_robots_txt")]
    public SwitchParameter RespectRobotsTxt { get; set; }

    [Parameter]
    [Alias("ignore_tdmrep_file")]
    public SwitchParameter IgnoreTdmRepFile { get; set; }

    [Parameter]
    [Alias("ignore_ai_crawler_rules")]
    public SwitchParameter IgnoreAiCrawlerRules { get; set; }

    /// <summary>Replaces the shipped list of AI-training crawler tokens; an empty array reads no crawler's group.</summary>
    [Parameter]
    [Alias("ai_crawler_token")]
    [AllowEmptyCollection]
    public string[]? AiCrawlerToken { get; set; }

    [Parameter]
    [Alias("ignore_content_usage")]
    public SwitchParameter IgnoreContentUsage { get; set; }

    [Parameter]
    [Alias("ignore_content_signal")]
    public SwitchParameter IgnoreContentSignal { get; set; }

    [Parameter]
    [Alias("ignore_iptc_data_mining")]
    public SwitchParameter IgnoreIptcDataMining { get; set; }

    [Parameter]
    [Alias("ignore_c2pa_training_mining")]
    public SwitchParameter IgnoreC2paTrainingMining { get; set; }

    /// <summary>The standard name for concurrency (ForEach-Object -Parallel), answering to today's and the reference's names.</summary>
    [Parameter]
    [Alias("ThreadCount", "thread_count")]
    [ValidateRange(1, 4096)]
    public int ThrottleLimit { get; set; } = 64;

    [Parameter]
    [ValidateRange(1, 3600)]
    public int Timeout { get; set; } = 10;

    [Parameter]
    [Alias("max_connections_per_host")]
    [ValidateRange(1, 1024)]
    public int MaxConnectionsPerHost { get; set; } = 16;

    [Parameter]
    [Alias("allow_private_network")]
    public SwitchParameter AllowPrivateNetwork { get; set; }

    /// <summary>Invoke-WebRequest's name, answering to today's and the reference's names.</summary>
    [Parameter]
    [Alias("IgnoreSslCertificate", "ignore_ssl_certificate")]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>The proxy, as Invoke-WebRequest takes it; without it, HTTP_PROXY, HTTPS_PROXY and NO_PROXY apply.</summary>
    [Parameter]
    public Uri? Proxy { get; set; }

    [Parameter]
    [Credential]
    public PSCredential? ProxyCredential { get; set; }

    [Parameter]
    public SwitchParameter ProxyUseDefaultCredentials { get; set; }

    [Parameter]
    public SwitchParameter NoProxy { get; set; }

    protected OptOutPolicy OptOutPolicy => new()
    {
        DisallowedDirectives = DisallowedHeaderDirectives,
        UserAgentToken = UserAgentToken,
        RespectTdmReservation = !IgnoreTdmReservation,
        RespectRobotsTxt = RespectRobotsTxt,
        RespectTdmRepFile = !IgnoreTdmRepFile,
        RespectAiCrawlerRules = !IgnoreAiCrawlerRules,
        AiCrawlerTokens = AiCrawlerToken,
        RespectContentUsage = !IgnoreContentUsage,
        RespectContentSignal = !IgnoreContentSignal,
        RespectIptcDataMining = !IgnoreIptcDataMining,
        RespectC2paTrainingMining = !IgnoreC2paTrainingMining,
    };

    protected FetchOptions FetchOptions => new()
    {
        ThreadCount = ThrottleLimit,
        Timeout = TimeSpan.FromSeconds(Timeout),
        MaxConnectionsPerHost = MaxConnectionsPerHost,
        AllowPrivateNetwork = AllowPrivateNetwork,
        IgnoreSslCertificate = SkipCertificateCheck,
        UserAgentToken = UserAgentToken,
        Proxy = Proxy,
        ProxyCredential = ProxyCredential?.GetNetworkCredential(),
        ProxyUseDefaultCredentials = ProxyUseDefaultCredentials,
        NoProxy = NoProxy,
    };
}
