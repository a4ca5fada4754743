using System.Formats.Cbor;
using System.Text.Json;

namespace Img2Dataset.Engine.Policy.Embedded;

/// <summary>
/// The training-and-mining assertion of a C2PA manifest store: <c>c2pa.training-mining</c> (C2PA Technical
/// Specification 1.x–2.1, §"Training and Data Mining"), and its successor <c>cawg.training-mining</c> (CAWG
/// Training and Data Mining Assertion 1.1, since C2PA 2.2 moved it out of the core specification). Read from the
/// active manifest (the last in the store, C2PA §"Manifest Store"), in its <c>c2pa.assertions</c> box; the content is
/// CBOR (or JSON) <c>{"entries": {"c2pa.ai_training": {"use": "notAllowed"}, …}}</c>. AI training, generative AI
/// training and data mining entries of <c>notAllowed</c> refuse, and so do those of <c>constrained</c>: "In the
/// absence of additional information, constrained shall be treated as equivalent to notAllowed" (C2PA 1.4 §19.23,
/// CAWG 1.1 §3.1); the entry's <c>constraint_info</c> is quoted in the evidence. Signatures are not validated: an
/// unsigned statement of a creator's wish is still their wish.
/// </summary>
public static class C2paTrainingMining
{
    private const int MaxJsonDepth = 8;
    private static readonly string[] AssertionLabels = ["c2pa.training-mining", "cawg.training-mining"];
    private static readonly string[] RefusingEntries = ["ai_training", "ai_generative_training", "data_mining"];
    private static readonly string[] RefusingUses = ["notAllowed", "constrained"];
    private const int MaxQuoted = 200;

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
            .Where(e => RefusingUses.Contains(e.Use) && RefusingEntries.Any(r => e.Name is var n && (n == "c2pa." + r || n == "cawg." + r)))
            .Select(Evidence)
            .Distinct()
            .ToArray();
    }

    /// <summary>"c2pa.ai_training: notAllowed", or with the constraint quoted: "cawg.data_mining: constrained (\"…\")".</summary>
    private static string Evidence(Entry entry) => entry.ConstraintInfo is { Length: > 0 } info
        ? $"{entry.Name}: {entry.Use} (\"{(info.Length > MaxQuoted ? info[..MaxQuoted] + "…" : info)}\")"
        : $"{entry.Name}: {entry.Use}";

    /// <summary>One entry of the assertion: its name, its <c>use</c>, and the <c>constraint_info</c> that may go with it.</summary>
    private readonly record struct Entry(string Name, string? Use, string? ConstraintInfo);

    /// <summary>An assertion label without its instance suffix ("c2pa.training-mining__1").</summary>
    private static string BaseLabel(string label) => label.Split("__", 2)[0];

    private static IEnumerable<Entry> Entries(JumbfBox content) => content.Type switch
    {
        "cbor" => CborEntries(content.Payload),
        "json" => JsonEntries(content.Payload),
        _ => [],
    };

    private static List<Entry> CborEntries(ReadOnlyMemory<byte> cbor)
    {
        var reader = new CborReader(cbor, CborConformanceMode.Lax);
        var entries = new List<Entry>();
        ReadMap(reader, key => key == "entries" && ReadMap(reader, name =>
        {
            string? use = null;
            string? info = null;
            ReadMap(reader, field => (field, reader.PeekState()) switch
            {
                ("use", CborReaderState.TextString) => (use = reader.ReadTextString()) is not null,
                ("constraint_info", CborReaderState.TextString) => (info = reader.ReadTextString()) is not null,
                _ => false,
            });
            entries.Add(new Entry(name, use, info));
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

    private static List<Entry> JsonEntries(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxJsonDepth });
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("entries", out var entries) || entries.ValueKind != JsonValueKind.Object)
        {
            return [];
        }
        return entries.EnumerateObject().Select(e => new Entry(e.Name, Text(e.Value, "use"), Text(e.Value, "constraint_info"))).ToList();
    }

    private static string? Text(JsonElement entry, string field) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
