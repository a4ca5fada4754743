using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Img2Dataset.ImageServer;

/// <summary>Routes a request: control endpoints, generated images, broken bodies, and the faults its query asks for.</summary>
public sealed class RequestHandler(ImageCatalog catalog, ConcurrencyTracker tracker, string? fixturesFolder, List<int>? sitePorts = null)
{
    private const int PieceSize = 64 * 1024;
    private readonly ConcurrentDictionary<string, int> hitsPerUrl = new();
    private readonly ConcurrentDictionary<string, long> bodyBytesSent = new();
    private readonly ConcurrentDictionary<string, ServedBody> bombs = new();
    private byte[]? robotsTxt;
    private byte[]? tdmRepJson;
    private SiteFilePlan robotsPlan = SiteFilePlan.Plain;
    private SiteFilePlan tdmRepPlan = SiteFilePlan.Plain;
    private readonly ConcurrentDictionary<string, string> laterChanges = new(StringComparer.Ordinal);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/_control", out var command))
        {
            await ControlAsync(context, command.Value ?? "");
            return;
        }
        if (sitePorts?.IndexOf(context.Connection.LocalPort) is >= 0 and var site && HostileSite.File(site, request.Path.Value ?? "") is { } siteFile)
        {
            await ServeHostileSiteFileAsync(context, siteFile.Body, siteFile.Encoding);
            return;
        }
        if (request.Path == "/robots.txt" && await ServeSiteFileAsync(context, robotsPlan, robotsTxt, "text/plain"))
        {
            return;
        }
        if (request.Path == "/.well-known/tdmrep.json" && await ServeSiteFileAsync(context, tdmRepPlan, tdmRepJson, "application/json"))
        {
            return;
        }
        var plan = FaultPlan.Parse(WithLaterChanges(request.Path.Value ?? "/", request.Query));
        using var proxied = ProxiedRequest(context);
        if (proxied is not null && !ProxyAuthorized(context))
        {
            return;
        }
        using var hostSlot = tracker.Enter("host:" + request.Host.Value);
        using var groupSlot = plan.Group is null ? null : tracker.Enter(plan.Group);
        // Also counted per method ("G:GET", "G:HEAD"), so a test can prove an audited URL was never downloaded.
        using var methodSlot = plan.Group is null ? null : tracker.Enter($"{plan.Group}:{request.Method}");
        if (plan.DelayMs > 0)
        {
            await Task.Delay(plan.DelayMs, context.RequestAborted);
        }
        // dropFirst=N: the first N requests of this URL have their connection closed before any byte of an answer,
        // as a server that closes idle keep-alive connections (or an overloaded one) does.
        if (plan.Drop || (plan.DropFirst > 0 && hitsPerUrl.AddOrUpdate("drop:" + request.Path + request.QueryString, 1, (_, n) => n + 1) <= plan.DropFirst))
        {
            context.Abort();
            return;
        }
        if (plan.RefuseHead && HttpMethods.IsHead(request.Method))
        {
            await WriteStatusAsync(context, plan with { Headers = [] }, StatusCodes.Status405MethodNotAllowed);
            return;
        }
        if (plan.Location is not null)
        {
            // Any Location at all, as a hostile server may send it (about:blank, javascript:, //, C:\…).
            context.Response.StatusCode = StatusCodes.Status302Found;
            AddHeaders(context, plan);
            context.Response.Headers.Location = plan.Location;
            return;
        }
        if (plan.Redirects > 0)
        {
            AddHeaders(context, plan);
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = request.Path + QueryWith(request.Query, "redirect", plan.Redirects - 1);
            return;
        }
        var hits = hitsPerUrl.AddOrUpdate(request.Path + request.QueryString, 1, (_, n) => n + 1);
        if (plan.Status is { } status && hits <= plan.FailFirst)
        {
            await WriteStatusAsync(context, plan, status);
            return;
        }
        if (Find(request.Path.Value ?? "/", request.Query) is not { } body)
        {
            await WriteStatusAsync(context, plan, StatusCodes.Status404NotFound);
            return;
        }
        await WriteBodyAsync(context, plan, body);
    }

    private ServedBody? Find(string path, IQueryCollection query)
    {
        var variant = query["variant"].FirstOrDefault();
        var segments = path.Trim('/').Split('/');
        return segments switch
        {
            [""] => new ServedBody("hi"u8.ToArray(), "text/plain"),
            ["robots.txt"] => robotsTxt is null ? null : new ServedBody(robotsTxt, "text/plain"),
            [".well-known", "tdmrep.json"] => tdmRepJson is null ? null : new ServedBody(tdmRepJson, "application/json"),
            ["embedded", var name] => EmbeddedSignalFixtures.Create(name) is { } image ? new ServedBody(image, ContentType(name)) : null,
            ["images", var size, var file] => catalog.FindImage(size, file, variant),
            ["broken", var file] => catalog.FindBroken(file),
            ["bombs", var file] => Bomb(file, Int(query, "size") ?? 1000, Int(query, "frames") ?? 10_000),
            ["fixtures", .. var parts] => Fixture(parts),
            _ => null,
        };
    }

    /// <summary>
    /// A site file (robots.txt, tdmrep.json) as its <c>PUT /_control/…</c> set it, with the faults its query asked
    /// for: a chain of redirects before it, a status, a body stalled after the headers, a content-encoding. False when
    /// it is served plainly by the ordinary path.
    /// </summary>
    private static async Task<bool> ServeSiteFileAsync(HttpContext context, SiteFilePlan plan, byte[]? content, string contentType)
    {
        var response = context.Response;
        var hop = int.TryParse(context.Request.Query["hop"].FirstOrDefault(), out var h) ? h : 0;
        if (hop < plan.Redirects)
        {
            response.StatusCode = StatusCodes.Status301MovedPermanently;
            response.Headers.Location = $"{context.Request.Path}?hop={hop + 1}";
            return true;
        }
        if (plan.Status is { } status)
        {
            response.StatusCode = status;
            return true;
        }
        if (content is null || (plan.Encoding is null && plan.StallMs == 0))
        {
            return false;
        }
        response.ContentType = contentType;
        if (plan.Encoding is { } encoding)
        {
            response.Headers.ContentEncoding = encoding;
            content = plan.Mislabelled ? content : Compress(content, encoding);
        }
        try
        {
            if (plan.StallMs > 0)
            {
                await response.StartAsync(context.RequestAborted);
                await response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(plan.StallMs, context.RequestAborted);
            }
            await response.Body.WriteAsync(content, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up waiting: what the stall is there to prove.
        }
        return true;
    }

    /// <summary>A site file of an extra origin, its content-encoding announced whether or not the body is so encoded.</summary>
    private static async Task ServeHostileSiteFileAsync(HttpContext context, byte[] body, string? encoding)
    {
        if (encoding is not null)
        {
            context.Response.Headers.ContentEncoding = encoding;
        }
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static byte[] Compress(byte[] content, string encoding)
    {
        using var compressed = new MemoryStream();
        using (var encoder = encoding == "br"
                   ? (Stream)new System.IO.Compression.BrotliStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)
                   : new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            encoder.Write(content);
        }
        return compressed.ToArray();
    }

    /// <summary>
    /// The server also acts as an HTTP proxy for tests: a request in absolute form ("GET http://host/path") is one a
    /// client sent to its proxy. It is served from the path as any other, and counted in group "proxied".
    /// </summary>
    private IDisposable? ProxiedRequest(HttpContext context) =>
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true
            ? tracker.Enter("proxied")
            : null;

    /// <summary>With proxyAuth=1, a proxied request needs Proxy-Authorization for user "user", password "pass" (RFC 9110 §11.7.1).</summary>
    private static bool ProxyAuthorized(HttpContext context)
    {
        if (context.Request.Query["proxyAuth"].FirstOrDefault() != "1"
            || context.Request.Headers["Proxy-Authorization"].ToString() == "Basic " + Convert.ToBase64String("user:pass"u8))
        {
            return true;
        }
        context.Response.StatusCode = StatusCodes.Status407ProxyAuthenticationRequired;
        context.Response.Headers["Proxy-Authenticate"] = "Basic realm=\"img2dataset tests\"";
        return false;
    }

    /// <summary>Decompression bombs of many frames, made once per shape.</summary>
    private ServedBody? Bomb(string file, int size, int frames) => file switch
    {
        "frames.gif" => bombs.GetOrAdd($"gif/{size}/{frames}", _ => new ServedBody(Bombs.Gif(size, frames), "image/gif")),
        "frames.webp" => bombs.GetOrAdd($"webp/{size}/{frames}", _ => new ServedBody(Bombs.AnimatedWebp(size, frames), "image/webp")),
        _ => null,
    };

    private static int? Int(IQueryCollection query, string name) =>
        int.TryParse(query[name].FirstOrDefault(), out var value) ? value : null;

    /// <summary>A file of the fixtures folder given at start-up (the reference's test images), never outside it.</summary>
    private ServedBody? Fixture(string[] parts)
    {
        if (fixturesFolder is null || parts.Any(p => p is "" or "." or ".."))
        {
            return null;
        }
        var path = Path.Combine([fixturesFolder, .. parts]);
        return File.Exists(path) ? new ServedBody(File.ReadAllBytes(path), ContentType(path)) : null;
    }

    private static string ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" => "image/jpeg",
        ".webp" => "image/webp",
        ".gif" => "image/gif",
        ".tif" => "image/tiff",
        ".avif" => "image/avif",
        ".heic" => "image/heic",
        ".c2pa" => "application/c2pa",
        _ => "application/octet-stream",
    };

    private async Task ControlAsync(HttpContext context, string command)
    {
        switch (command)
        {
            case "/peak":
                var (peak, requests) = tracker.Read(context.Request.Query["group"].FirstOrDefault() ?? "");
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(JsonSerializer.Serialize(new { peak, requests }));
                break;
            case "/sent":
                // Body bytes the server managed to hand to the connection for a group, to prove a client read none.
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(JsonSerializer.Serialize(new { bytes = bodyBytesSent.GetValueOrDefault(context.Request.Query["group"].FirstOrDefault() ?? "") }));
                break;
            case "/hits":
                // Requests served for one path and query, as "/robots.txt": proves a site file is fetched once per run.
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(JsonSerializer.Serialize(new { hits = hitsPerUrl.GetValueOrDefault(context.Request.Query["path"].FirstOrDefault() ?? "") }));
                break;
            case "/robots":
                robotsTxt = await ReadSiteFileAsync(context.Request);
                robotsPlan = SiteFilePlan.Parse(context.Request.Query);
                break;
            case "/later":
                // PUT /_control/later?prefix=/images/32x32/ with a query string as body ("header=X-Robots-Tag:noai",
                // "status=404", "delayMs=300") adds that plan to every request under the prefix from now on: a creator
                // who changes their mind, or a site that goes away, after a dataset was built. An empty body removes it.
                var prefix = context.Request.Query["prefix"].FirstOrDefault() ?? "/";
                var change = await ReadSiteFileAsync(context.Request);
                if (change is null) laterChanges.TryRemove(prefix, out _); else laterChanges[prefix] = System.Text.Encoding.UTF8.GetString(change);
                break;
            case "/tdmrep":
                // PUT /_control/tdmrep sets /.well-known/tdmrep.json (an empty body removes it), with robots.txt's faults.
                tdmRepJson = await ReadSiteFileAsync(context.Request);
                tdmRepPlan = SiteFilePlan.Parse(context.Request.Query);
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    /// <summary>The request's query with the later change of the longest prefix its path starts with, the change's values after its own.</summary>
    private IQueryCollection WithLaterChanges(string path, IQueryCollection query)
    {
        var change = laterChanges.Where(c => path.StartsWith(c.Key, StringComparison.Ordinal)).OrderByDescending(c => c.Key.Length).Select(c => c.Value).FirstOrDefault();
        if (change is null)
        {
            return query;
        }
        var merged = query.ToDictionary(q => q.Key, q => q.Value);
        foreach (var (name, values) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(change))
        {
            merged[name] = merged.TryGetValue(name, out var existing) ? Microsoft.Extensions.Primitives.StringValues.Concat(existing, values) : values;
        }
        return new QueryCollection(merged);
    }

    /// <summary>A control request's body as the site file it sets; an empty body removes the file.</summary>
    private static async Task<byte[]?> ReadSiteFileAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        return body.Length == 0 ? null : body.ToArray();
    }

    private static async Task WriteStatusAsync(HttpContext context, FaultPlan plan, int status)
    {
        context.Response.StatusCode = status;
        if (plan.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = plan.RetryAfter;
        }
        AddHeaders(context, plan);
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync($"status {status}");
    }

    private async Task WriteBodyAsync(HttpContext context, FaultPlan plan, ServedBody body)
    {
        var response = context.Response;
        AddHeaders(context, plan);
        response.ContentType = body.ContentType;
        var bytes = plan.BodyBytes is { } size ? Noise(size) : body.Bytes;
        response.ContentLength = plan.ContentLength ?? (plan.Chunked || plan.Endless ? null : bytes.Length);
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }
        var token = context.RequestAborted;
        try
        {
            if (plan.Endless)
            {
                var piece = Noise(PieceSize);
                while (!token.IsCancellationRequested)
                {
                    await SendAsync(context, plan, piece, token);
                }
                return;
            }
            var firstPart = plan.BodyDelayMs > 0 ? bytes.Length / 2 : bytes.Length;
            await SendAsync(context, plan, bytes.AsMemory(0, firstPart), token);
            if (firstPart < bytes.Length)
            {
                await response.Body.FlushAsync(token);
                await Task.Delay(plan.BodyDelayMs, token);
                await SendAsync(context, plan, bytes.AsMemory(firstPart), token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client hung up: exactly what a client refusing or capping a body should do.
        }
    }

    /// <summary>Writes in pieces (1 KB with a pause between when trickling), counting what reached the connection.</summary>
    private async Task SendAsync(HttpContext context, FaultPlan plan, ReadOnlyMemory<byte> bytes, CancellationToken token)
    {
        var pieceSize = plan.PieceBytes ?? (plan.TrickleMs > 0 ? 1024 : PieceSize);
        for (var offset = 0; offset < bytes.Length; offset += pieceSize)
        {
            var piece = bytes.Slice(offset, Math.Min(pieceSize, bytes.Length - offset));
            await context.Response.Body.WriteAsync(piece, token);
            if (plan.TrickleMs > 0 || plan.Endless)
            {
                await context.Response.Body.FlushAsync(token);
            }
            bodyBytesSent.AddOrUpdate(plan.Group ?? "", piece.Length, (_, n) => n + piece.Length);
            if (plan.TrickleMs > 0)
            {
                await Task.Delay(plan.TrickleMs, token);
            }
        }
    }

    private static byte[] Noise(long size)
    {
        var bytes = new byte[size];
        new Random(7).NextBytes(bytes);
        return bytes;
    }

    private static void AddHeaders(HttpContext context, FaultPlan plan)
    {
        foreach (var (name, value) in plan.Headers)
        {
            context.Response.Headers.Append(name, value);
        }
    }

    private static string QueryWith(IQueryCollection query, string name, int value)
    {
        var pairs = query.Where(p => p.Key != name).SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v)))
            .Append(KeyValuePair.Create(name, (string?)value.ToString()));
        return QueryString.Create(pairs).Value ?? "";
    }
}
