namespace Img2Dataset.Engine.Input;

/// <summary>An input layout and whether the file is gzipped, written as img2dataset writes it: <c>csv</c>, <c>csv.gz</c>.</summary>
public readonly record struct InputFormat(InputKind Kind, bool Gzipped)
{
    /// <summary>Every name img2dataset's <c>input_format</c> accepts (parquet is never gzipped: it compresses itself).</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["txt", "txt.gz", "csv", "csv.gz", "tsv", "tsv.gz", "json", "json.gz", "jsonl", "jsonl.gz", "parquet"];

    public static InputFormat Parse(string name) =>
        TryParse(name, out var format)
            ? format
            : throw new ArgumentException($"Invalid input format '{name}': expected one of {string.Join(", ", Names)}.", nameof(name));

    public static bool TryParse(string? name, out InputFormat format)
    {
        format = default;
        var text = name?.Trim().ToLowerInvariant() ?? "";
        if (!Names.Contains(text))
        {
            return false;
        }
        var gzipped = text.EndsWith(".gz", StringComparison.Ordinal);
        format = new InputFormat(Enum.Parse<InputKind>(gzipped ? text[..^3] : text, ignoreCase: true), gzipped);
        return true;
    }

    /// <summary>The format a file name announces by its extension (<c>a.jsonl.gz</c> → jsonl.gz), if any.</summary>
    public static InputFormat? FromFileName(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        return Names.Where(n => name.EndsWith("." + n, StringComparison.Ordinal))
            .OrderByDescending(n => n.Length)
            .Select(Parse)
            .Cast<InputFormat?>()
            .FirstOrDefault();
    }

    public override string ToString() => Kind.ToString().ToLowerInvariant() + (Gzipped ? ".gz" : "");
}
