using System.Net;
using System.Net.Http.Headers;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Policy;

namespace Img2Dataset.Engine.Fetch;

/// <summary>
/// Downloads one row: opt-out headers are judged before the body is read (a refused body is never downloaded), the
/// timeout covers connect, headers and body, bodies are capped, transient failures are retried with exponential
/// back-off and jitter, and Retry-After is honoured when it fits the timeout budget. Never throws for a row's fault:
/// every row gets exactly one <see cref="DownloadedImage"/>.
/// </summary>
public sealed class ImageFetcher
{
    private readonly RedirectFollower redirects;
    private readonly RedirectFollower redirectsOnFreshConnections;
    private readonly Action<string> trace;
    private readonly BodyBudget budget;
    private readonly long bodyCap;
    private readonly DownloadOptions options;
    private readonly OptOutEvaluator evaluator;
    private readonly SiteSignals? site;
    private readonly Policy.Embedded.EmbeddedSignalReader embedded;
    private readonly Policy.Embedded.RemoteManifests? remoteManifests;
    private readonly HostLimiter hosts;
    private readonly ClosingHosts closingHosts = new();

    /// <param name="client">The run's client (see <see cref="HttpClientFactory"/>).</param>
    /// <param name="options">How to download.</param>
    /// <param name="trace">Where retries and their waits are told, for a debug stream.</param>
    /// <param name="warn">Where faults of a site's signals are told once each (a malformed tdmrep.json), for a warning stream.</param>
    /// <param name="freshConnections">A client that never reuses a connection (<see cref="HttpClientFactory.Create"/> unpooled), for asking again after a server closed one before answering; the run's client when not given.</param>
    public ImageFetcher(HttpClient client, DownloadOptions options, Action<string>? trace = null, Action<string>? warn = null, HttpClient? freshConnections = null)
    {
        this.trace = trace ?? (_ => { });
        options.Validate();
        this.options = options;
        redirects = new RedirectFollower(client, options.Fetch.MaxRedirects);
        redirectsOnFreshConnections = new RedirectFollower(freshConnections ?? client, options.Fetch.MaxRedirects);
        budget = new BodyBudget(options.Fetch.MaxBytesInFlight);
        // No body may need more than the whole budget, nor more than an array holds.
        bodyCap = Math.Min(options.Fetch.MaxBytes, Math.Min(budget.Bytes, Array.MaxLength));
        evaluator = new OptOutEvaluator(options.OptOut);
        site = SiteSignals.For(client, options.OptOut, options.Fetch.Timeout, warn);
        embedded = new Policy.Embedded.EmbeddedSignalReader(options.OptOut);
        remoteManifests = options.OptOut.RespectC2paTrainingMining ? new Policy.Embedded.RemoteManifests(client, options.Fetch.Timeout) : null;
        hosts = new HostLimiter(options.Fetch.MaxConnectionsPerHost);
    }

    /// <exception cref="OperationCanceledException">Only when <paramref name="cancellationToken"/> is cancelled.</exception>
    public async Task<DownloadedImage> FetchAsync(UrlRow row, CancellationToken cancellationToken)
    {
        DownloadedImage image;
        try
        {
            image = await FetchRowAsync(row, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            image = Unexpected(row, e);
        }
        // Failures carry the hash kind too, so every row of a dataset has the same hash column.
        return image with { HashKind = options.ComputeHash };
    }

    /// <summary>A fault no rule above foresaw is still only this row's failure.</summary>
    public static DownloadedImage Unexpected(UrlRow row, Exception e) =>
        DownloadedImage.Failed(row, $"Unexpected error while downloading: {e.GetType().Name}: {e.Message}");

    private async Task<DownloadedImage> FetchRowAsync(UrlRow row, CancellationToken cancellationToken)
    {
        if (row.InputError is { } inputError)
        {
            return DownloadedImage.Failed(row, inputError);
        }
        if (row.Refused)
        {
            // Refused by an audit upstream (Test-RobotsDirective): its evidence stands, and the creator is not asked twice.
            var verdict = row.Verdict!;
            return DownloadedImage.Failed(row, verdict.Decision!.Message!, httpStatus: verdict.StatusCode, optOut: verdict.Decision);
        }
        if (!Uri.TryCreate(row.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.Host.Length == 0)
        {
            return DownloadedImage.Failed(row, $"unsupported url (only http and https are fetched): '{row.Url}'");
        }
        var askedAgainOnANewConnection = false;
        for (var attempt = 1; ; attempt++)
        {
            var (image, transient, retryAfter, closedBeforeAnswer) = await AttemptAsync(row, url, askedAgainOnANewConnection && attempt == 1, cancellationToken);
            if (closedBeforeAnswer && !askedAgainOnANewConnection)
            {
                // A connection the server closed before answering (a keep-alive it dropped, an overloaded server):
                // asked once more on a connection of its own, as browsers do, and not counted as a retry.
                askedAgainOnANewConnection = true;
                trace($"Asking {row.Url} again on a new connection: {image.ErrorMessage}");
                attempt--;
                continue;
            }
            image = image with { Attempts = attempt };
            if (!transient || attempt > options.Fetch.Retries)
            {
                return image;
            }
            var delay = retryAfter ?? Backoff(attempt);
            if (delay > options.Fetch.Timeout)
            {
                return image with { ErrorMessage = $"{image.ErrorMessage} (Retry-After {delay.TotalSeconds:0} s exceeds the {options.Fetch.Timeout.TotalSeconds:0.###} s timeout)" };
            }
            trace($"Retrying {row.Url} in {delay.TotalSeconds:0.##} s (attempt {attempt + 1} of {options.Fetch.Retries + 1}): {image.ErrorMessage}");
            await Task.Delay(delay, cancellationToken);
        }
    }

    private async Task<Attempt> AttemptAsync(UrlRow row, Uri url, bool onFreshConnection, CancellationToken cancellationToken)
    {
        using var slot = await hosts.EnterAsync(url, cancellationToken);
        using var deadline = new AttemptDeadline(options.Fetch.Timeout, cancellationToken);
        try
        {
            var judge = new HopJudge(evaluator, site, deadline);
            var walk = await (onFreshConnection ? redirectsOnFreshConnections : redirects).SendAsync(url, target => new HttpRequestMessage(HttpMethod.Get, target) { Headers = { ConnectionClose = closingHosts.Closes(target) ? true : null } },
                judge.BeforeRequestAsync, (hop, response) =>
                {
                    closingHosts.Observe(hop, response);
                    return judge.OnResponse(hop, response);
                }, deadline.Token);
            if (walk.Stopped is { } refused)
            {
                return new Attempt(DownloadedImage.Failed(row, refused.Message!, httpStatus: walk.HttpStatus, optOut: refused));
            }
            if (walk.RedirectError is { } redirectError)
            {
                return new Attempt(DownloadedImage.Failed(row, redirectError, httpStatus: walk.HttpStatus));
            }
            using var response = walk.Response!;
            return await ReadAsync(row, response, judge, deadline);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Attempt(DownloadedImage.Failed(row, $"Timed out after {options.Fetch.Timeout.TotalSeconds:0.###} s"), Transient: true);
        }
        catch (HttpRequestException e) when (e.InnerException is PrivateAddressException refused)
        {
            return new Attempt(DownloadedImage.Failed(row, refused.Message));
        }
        catch (HttpRequestException e) when (ClosedBeforeAnswer(e))
        {
            return new Attempt(DownloadedImage.Failed(row, $"The server closed the connection before answering ({Describe(e)})"), Transient: true, ClosedBeforeAnswer: true);
        }
        catch (HttpRequestException e)
        {
            return new Attempt(DownloadedImage.Failed(row, Describe(e)), Transient: true);
        }
        catch (IOException e)
        {
            return new Attempt(DownloadedImage.Failed(row, $"Connection lost while reading the body: {e.Message}"), Transient: true);
        }
    }

    private async Task<Attempt> ReadAsync(UrlRow row, HttpResponseMessage response, HopJudge judge, AttemptDeadline deadline)
    {
        var cancellationToken = deadline.Token;
        var decision = judge.Last;
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            return new Attempt(DownloadedImage.Failed(row, $"HTTP Error {status}: {response.ReasonPhrase}", httpStatus: status, optOut: decision),
                IsTransient(status), RetryAfter(response.Headers.RetryAfter));
        }
        var tooLarge = DownloadedImage.Failed(row, $"response too large (more than {bodyCap} bytes)", httpStatus: status, optOut: decision);
        if (response.Content.Headers.ContentLength > bodyCap)
        {
            return new Attempt(tooLarge);
        }
        var lease = budget.Lease();
        byte[]? bytes;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            bytes = await BodyReader.ReadAsync(body, response.Content.Headers.ContentLength, bodyCap, lease, cancellationToken);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
        if (bytes is null)
        {
            lease.Dispose();
            return new Attempt(tooLarge);
        }
        // Embedded signals are read before anything keeps the bytes: a refused image is discarded here.
        decision = judge.AfterBody(OptOutDecision.Refusing(await EmbeddedRefusalsAsync(bytes, response, deadline)));
        if (!decision.Allowed)
        {
            lease.Dispose();
            return new Attempt(DownloadedImage.Failed(row, decision.Message!, httpStatus: status, optOut: decision));
        }
        var hash = ImageHash.Compute(options.ComputeHash, bytes);
        if (options.VerifyHash && row.Layout.HasExpectedHash && !string.Equals(hash, row.ExpectedHash?.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            lease.Dispose();
            return new Attempt(DownloadedImage.Failed(row, "hash mismatch", httpStatus: status, optOut: decision));
        }
        return new Attempt(new DownloadedImage
        {
            Row = row,
            Status = SampleStatus.Success,
            Bytes = bytes,
            HttpStatus = status,
            ContentType = response.Content.Headers.ContentType?.MediaType,
            OptOut = decision,
            HashKind = options.ComputeHash,
            Hash = hash,
            Lease = lease,
        });
    }

    /// <summary>
    /// The refusals embedded in the image, and those of its remote C2PA manifest when it embeds none; the manifest
    /// is fetched off the attempt's clock, as site files are, under its own timeout.
    /// </summary>
    private async Task<IReadOnlyList<OptOutEvidence>> EmbeddedRefusalsAsync(byte[] bytes, HttpResponseMessage response, AttemptDeadline deadline)
    {
        var found = embedded.Inspect(bytes);
        if (remoteManifests is null || found.HasManifest
            || Policy.Embedded.RemoteManifests.Locate(response.Headers, found.ManifestUrl, response.RequestMessage!.RequestUri!) is not { } manifest)
        {
            return found.Refusals;
        }
        return [.. found.Refusals, .. await deadline.OffTheClockAsync(token => remoteManifests.RefusalsAsync(manifest, token))];
    }

    private TimeSpan Backoff(int attempt) =>
        options.RetryBaseDelay * Math.Pow(2, attempt - 1) * (1 + Random.Shared.NextDouble() / 2);

    private static bool IsTransient(int status) => status is 408 or 425 or 429 or >= 500;

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>
    /// The innermost cause: the handler's own message only says where it failed ("The SSL connection could not be
    /// established, see inner exception."), the innermost says why (the certificate chain error, the refused socket).
    /// A certificate the platform rejected (an AuthenticationException of its own, not wrapping a handshake error)
    /// starts with the reference's words, which users search their logs for: OpenSSL's "certificate verify failed".
    /// </summary>
    private static string Describe(HttpRequestException e) => e.GetBaseException() switch
    {
        System.Security.Authentication.AuthenticationException certificate => $"{CertificateVerifyFailed}: {certificate.Message}",
        var cause => cause.Message,
    };

    /// <summary>The reference's wording of a rejected certificate (Python's ssl module, from OpenSSL's X509 verify error).</summary>
    public const string CertificateVerifyFailed = "certificate verify failed";

    /// <summary>The connection ended before any byte of the response: closed or reset by the server.</summary>
    private static bool ClosedBeforeAnswer(HttpRequestException e) =>
        e.HttpRequestError == HttpRequestError.ResponseEnded
        || e.GetBaseException() is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionReset or System.Net.Sockets.SocketError.ConnectionAborted };

    private readonly record struct Attempt(DownloadedImage Image, bool Transient = false, TimeSpan? RetryAfter = null, bool ClosedBeforeAnswer = false);
}
