using System.Text.Json;

namespace Img2Dataset.Engine.Policy;

/// <summary>
/// A parsed <c>/.well-known/tdmrep.json</c> (W3C TDM Reservation Protocol, final community group report of
/// 10 May 2024, "TDM File on the Origin Server"): an array of rules, each a <c>location</c> pattern (robots.txt
/// notation, case-sensitive), a mandatory <c>tdm-reservation</c> and an optional <c>tdm-policy</c>. "The most
/// specific match is the first in sequence": the first rule whose location matches decides. A rule that is faulty
/// (not an object, no location string, a tdm-reservation missing or other than 0 or 1) is skipped and reported; the
/// other rules still apply, so one typo does not void a file's valid <c>"/": 1</c>.
/// </summary>
public sealed class TdmRepFile
{
    public static TdmRepFile None { get; } = new([]);

    private readonly IReadOnlyList<(RobotsPattern Pattern, TdmRepRule Rule)> rules;

    private TdmRepFile(IReadOnlyList<(RobotsPattern, TdmRepRule)> rules) => this.rules = rules;

    /// <summary>The first rule matching <paramref name="pathAndQuery"/>; null when none does.</summary>
    public TdmRepRule? Match(string pathAndQuery)
    {
        if (rules.Count == 0)
        {
            return null;
        }
        var path = RobotsPath.Normalize(pathAndQuery);
        return rules.FirstOrDefault(r => r.Pattern.Matches(path)).Rule;
    }

    /// <param name="json">The file's bytes.</param>
    /// <param name="source">The file's URL, named by every rule's evidence.</param>
    /// <param name="skipped">Told of each faulty rule skipped, as "rule 2: …".</param>
    /// <exception cref="FormatException">The file is not UTF-8 JSON, or not an array.</exception>
    public static TdmRepFile Parse(ReadOnlySpan<byte> json, string source, Action<string>? skipped = null)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            throw new FormatException("not UTF-8");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON: {e.Message}", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"expected an array of rules, found {document.RootElement.ValueKind}");
            }
            var rules = new List<(RobotsPattern, TdmRepRule)>();
            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                index++;
                if (Rule(element, source) is { } rule)
                {
                    rules.Add(rule);
                }
                else
                {
                    skipped?.Invoke($"rule {index} is skipped: it needs a \"location\" string and a \"tdm-reservation\" of 0 or 1");
                }
            }
            return new TdmRepFile(rules);
        }
    }

    /// <summary>About how many bytes the parsed file holds, for caches bounded in bytes.</summary>
    public long ApproximateBytes => 64 + rules.Sum(r => 128 + 4L * r.Rule.Location.Length + 2L * (r.Rule.Policy?.Length ?? 0));

    private static (RobotsPattern, TdmRepRule)? Rule(JsonElement rule, string source)
    {
        if (rule.ValueKind != JsonValueKind.Object
            || !rule.TryGetProperty("location", out var location) || location.ValueKind != JsonValueKind.String
            || !rule.TryGetProperty("tdm-reservation", out var reservation)
            || reservation.ValueKind != JsonValueKind.Number || !reservation.TryGetInt32(out var value) || value is not (0 or 1))
        {
            return null;
        }
        var policy = rule.TryGetProperty("tdm-policy", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        var text = location.GetString()!;
        return (new RobotsPattern(text), new TdmRepRule(text, value, policy, source));
    }
}
