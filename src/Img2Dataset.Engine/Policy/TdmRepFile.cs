using System.Text.Json;

namespace Img2Dataset.Engine.Policy;

/// <summary>
/// A parsed <c>/.well-known/tdmrep.json</c> (W3C TDM Reservation Protocol, final community group report of
/// 10 May 2024, "TDM File on the Origin Server"): an array of rules, each a <c>location</c> pattern (robots.txt
/// notation, case-sensitive), a mandatory <c>tdm-reservation</c> and an optional <c>tdm-policy</c>. "The most
/// specific match is the first in sequence": the first rule whose location matches decides.
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

    /// <exception cref="FormatException">The file is not an array of rules each with a location and a tdm-reservation.</exception>
    public static TdmRepFile Parse(ReadOnlySpan<byte> json, string source)
    {
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
            return new TdmRepFile(document.RootElement.EnumerateArray().Select((rule, index) => Rule(rule, index, source)).ToArray());
        }
    }

    private static (RobotsPattern, TdmRepRule) Rule(JsonElement rule, int index, string source)
    {
        if (rule.ValueKind != JsonValueKind.Object
            || !rule.TryGetProperty("location", out var location) || location.ValueKind != JsonValueKind.String
            || !rule.TryGetProperty("tdm-reservation", out var reservation))
        {
            throw new FormatException($"rule {index + 1} needs a \"location\" string and a \"tdm-reservation\"");
        }
        int? value = reservation.ValueKind == JsonValueKind.Number && reservation.TryGetInt32(out var n) && n is 0 or 1 ? n : null;
        var policy = rule.TryGetProperty("tdm-policy", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        var text = location.GetString()!;
        return (new RobotsPattern(text), new TdmRepRule(text, value, policy, source));
    }
}
