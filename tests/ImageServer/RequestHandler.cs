using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Img2Dataset.ImageServer;

/// <summary>Routes a request: control endpoints, generated images, broken bodies, and the faults its query asks for.</summary>
public sealed class RequestHandler(ImageCatalog catalog, ConcurrencyTracker tracker, string? fixturesFolder)
{
    private readonly ConcurrentDictionary<string, int> hitsPerUrl = new();
    private string? robotsTxt;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/_control", out var command))
        {
            await ControlAsync(context, command.Value ?? "");
            return;
        }
        var plan = FaultPlan.Parse(request.Query);
        using var hostSlot = tracker.Enter("host:" + request.Host.Value);
        using var groupSlot = plan.Group is null ? null : tracker.Enter(plan.Group);
        if (plan.DelayMs > 0)
        {
            await Task.Delay(plan.DelayMs, context.RequestAborted);
        }
        if (plan.Drop)
        {
            context.Abort();
            return;
        }
        if (plan.RefuseHead && HttpMethods.IsHead(request.Method))
        {
            await WriteStatusAsync(context, plan with { Headers = [] }, StatusCodes.Status405MethodNotAllowed);
            return;
        }
        if (plan.Redirects > 0)
        {
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
        if (Find(request.Path.Value ?? "/", request.Query["variant"].FirstOrDefault()) is not { } body)
        {
            await WriteStatusAsync(context, plan, StatusCodes.Status404NotFound);
            return;
        }
        await WriteBodyAsync(context, plan, body);
    }

    private ServedBody? Find(string path, string? variant)
    {
        var segments = path.Trim('/').Split('/');
        return segments switch
        {
            [""] => new ServedBody("hi"u8.ToArray(), "text/plain"),
            ["robots.txt"] => robotsTxt is null ? null : new ServedBody(System.Text.Encoding.UTF8.GetBytes(robotsTxt), "text/plain"),
            ["images", var size, var file] => catalog.FindImage(size, file, variant),
            ["broken", var file] => catalog.FindBroken(file),
            ["fixtures", .. var parts] => Fixture(parts),
            _ => null,
        };
    }

    /// <summary>A file of the fixtures folder given at start-up (the reference's test images), never outside it.</summary>
    private ServedBody? Fixture(string[] parts)
    {
        if (fixturesFolder is null || parts.Any(p => p is "" or "." or ".."))
        {
            return null;
        }
        var path = Path.Combine([fixturesFolder, .. parts]);
        var contentType = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".png" => "image/png",
            ".jpg" => "image/jpeg",
            _ => "application/octet-stream",
        };
        return File.Exists(path) ? new ServedBody(File.ReadAllBytes(path), contentType) : null;
    }

    private async Task ControlAsync(HttpContext context, string command)
    {
        switch (command)
        {
            case "/peak":
                var (peak, requests) = tracker.Read(context.Request.Query["group"].FirstOrDefault() ?? "");
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(JsonSerializer.Serialize(new { peak, requests }));
                break;
            case "/robots":
                using (var reader = new StreamReader(context.Request.Body))
                {
                    var text = await reader.ReadToEndAsync();
                    robotsTxt = text.Length == 0 ? null : text;
                }
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
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

    private static async Task WriteBodyAsync(HttpContext context, FaultPlan plan, ServedBody body)
    {
        var response = context.Response;
        AddHeaders(context, plan);
        response.ContentType = body.ContentType;
        response.ContentLength = body.Bytes.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }
        var firstPart = plan.BodyDelayMs > 0 ? body.Bytes.Length / 2 : body.Bytes.Length;
        await response.Body.WriteAsync(body.Bytes.AsMemory(0, firstPart), context.RequestAborted);
        if (firstPart < body.Bytes.Length)
        {
            await response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(plan.BodyDelayMs, context.RequestAborted);
            await response.Body.WriteAsync(body.Bytes.AsMemory(firstPart), context.RequestAborted);
        }
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
