using System.Formats.Cbor;
using System.Text.Json;

namespace Img2Dataset.Engine.Policy.Embedded;

/// <summary>
/// The training-and-mining assertion of a C2PA manifest store: <c>c2pa.training-mining</c> (C2PA Technical
/// Specification 1.x–2.1, §"Training and Data Mining"), and its successor <c>cawg.training-mining</c> (CAWG
/// Training and Data Mining Assertion 1.1, since C2PA 2.2 moved it out of the core specification). Read from the
/// active manifest (the last in the store, C2PA §"Manifest Store"), in its <c>c2pa.assertions</c> box; the content is
/// CBOR (or JSON) <c>{"entries": {"c2pa.ai_training": {"use": "notAllowed"}, …}}</c>. AI training, generative AI
/// training and data mining entries of <c>notAllowed</c> refuse. Signatures are not validated: an unsigned
/// statement of a creator's wish is still their wish.
/// </summary>
public static class C2paTrainingMining
{
    private const int MaxJsonDepth = 8;
    private static readonly string[] AssertionLabels = ["c2pa.training-mining", "cawg.training-mining"];
    private static readonly string[] RefusingEntries = ["ai_training", "ai_generative_training", "data_mining"];

    /// <summary>The refusing entries, as "c2pa.ai_training: notAllowed"; empty when the store has no such assertion or it allows.</summary>
    /// <exception cref="CborContentException">The assertion's CBOR is malformed.</exception>
    /// <exception cref="JsonException">The assertion's JSON is malformed.</exception>
    public static IReadOnlyList<string> Refusals(ReadOnlyMemory<byte> jumbf)
    {
        var store = JumbfBox.Parse(jumbf).FirstOrDefault(b => b.Label == "c2pa");
        var active = store?.Children.LastOrDefault(b => b.Type == "jumb");
        var assertions = active?.Children.FirstOrDefault(b => b.Label == "c2pa.assertions");
        if (assertions is null)
        {
            return [];
        }
        return assertions.Children
            .Where(a => a.Label is { } label && AssertionLabels.Contains(BaseLabel(label)))
            .SelectMany(a => a.Children.Take(1).SelectMany(content => Entries(content)))
            .Where(e => e.Use == "notAllowed" && RefusingEntries.Any(r => e.Name is var n && (n == "c2pa." + r || n == "cawg." + r)))
            .Select(e => $"{e.Name}: {e.Use}")
            .Distinct()
            .ToArray();
    }

    /// <summary>An assertion label without its instance suffix ("c2pa.training-mining__1").</summary>
    private static string BaseLabel(string label) => label.Split("__", 2)[0];

    private static IEnumerable<(string Name, string? Use)> Entries(JumbfBox content) => content.Type switch
    {
        "cbor" => CborEntries(content.Payload),
        "json" => JsonEntries(content.Payload),
        _ => [],
    };

    private static List<(string, string?)> CborEntries(ReadOnlyMemory<byte> cbor)
    {
        var reader = new CborReader(cbor, CborConformanceMode.Lax);
        var entries = new List<(string, string?)>();
        ReadMap(reader, key => key == "entries" && ReadMap(reader, name =>
        {
            string? use = null;
            ReadMap(reader, field => field == "use" && reader.PeekState() == CborReaderState.TextString && (use = reader.ReadTextString()) is not null);
            entries.Add((name, use));
            return true;
        }));
        return entries;
    }

    /// <summary>
    /// Walks a CBOR map with text keys; <paramref name="readValue"/> reads a key's value and says so, or the value is
    /// skipped, as is a whole value that is not a map. Always true: the value has been consumed either way.
    /// </summary>
    private static bool ReadMap(CborReader reader, Func<string, bool> readValue)
    {
        if (reader.PeekState() != CborReaderState.StartMap)
        {
            reader.SkipValue();
            return true;
        }
        reader.ReadStartMap();
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            if (reader.PeekState() != CborReaderState.TextString)
            {
                reader.SkipValue();
                reader.SkipValue();
                continue;
            }
            if (!readValue(reader.ReadTextString()))
            {
                reader.SkipValue();
            }
        }
        reader.ReadEndMap();
        return true;
    }

    private static List<(string, string?)> JsonEntries(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxJsonDepth });
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("entries", out var entries) || entries.ValueKind != JsonValueKind.Object)
        {
            return [];
        }
        return entries.EnumerateObject()
            .Select(e => (e.Name, e.Value.ValueKind == JsonValueKind.Object && e.Value.TryGetProperty("use", out var use) && use.ValueKind == JsonValueKind.String ? use.GetString() : null))
            .ToList();
    }
}
