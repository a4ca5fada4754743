using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Img2Dataset.Engine.Input.Sources;

/// <summary>CSV or TSV with a header row (RFC 4180 quoting: embedded delimiters, quotes and newlines), via CsvHelper.</summary>
public sealed class DelimitedSource(char delimiter) : IRecordSource
{
    public IEnumerable<SourceRecord> Read(Stream stream, string path, IReadOnlyList<string> columns)
    {
        string? badData = null;
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter.ToString(),
            BadDataFound = args => badData ??= args.RawRecord,
            IgnoreBlankLines = true,
        };
        using var reader = new CsvRecordLimiter(InputText.Reader(stream), delimiter, InputText.MaxRecordLength);
        using var parser = new CsvParser(reader, configuration);
        if (!parser.Read())
        {
            throw new UrlListException(UrlListErrorKind.Malformed, path, 1, $"{path} is empty: expected a header row naming the columns.");
        }
        var header = parser.Record ?? [];
        ColumnCheck.RequireAll(path, columns, header, line: 1);
        var indexes = columns.Select(c => Array.IndexOf(header, c)).ToArray();
        var fieldsNeeded = indexes.Max() + 1;
        var lineBefore = (long)parser.RawRow;
        while (parser.Read())
        {
            var line = lineBefore + 1;
            lineBefore = parser.RawRow;
            if (parser.Count == 1 && parser[0]!.StartsWith(CsvRecordLimiter.Placeholder, StringComparison.Ordinal))
            {
                yield return SourceRecord.Bad(line, InputText.TooLong("record"));
                continue;
            }
            if (parser.Count < fieldsNeeded)
            {
                yield return SourceRecord.Bad(line, $"expected at least {fieldsNeeded} fields, found {parser.Count}");
                continue;
            }
            // CsvHelper parses fields lazily, so bad quoting is only reported once the fields are read.
            var values = indexes.Select(i => (object?)parser[i]).ToArray();
            yield return badData is null
                ? new SourceRecord(line, values, null)
                : SourceRecord.Bad(line, $"malformed record (stray quote): {Shorten(badData)}");
            badData = null;
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text.TrimEnd() : text[..80] + "…";
}
