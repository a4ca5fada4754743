using System.Text.Json;
using Img2Dataset.Engine.Formats;

namespace Img2Dataset.Engine.Input.Sources;

/// <summary>
/// A JSON document of records: an array of record objects (pandas' orient="records"), streamed element by element so
/// the document is never held whole; or an object of columns, each mapping a row index to a value (pandas' default
/// orient="columns", which the reference reads), read whole since a row's values are spread over the document. A
/// syntax error ends the file: nothing after it can be trusted.
/// </summary>
public sealed class JsonArraySource(Func<Stream> reopen) : IRecordSource
{
    public IEnumerable<SourceRecord> Read(Stream stream, string path, IReadOnlyList<string> columns)
    {
        using var elements = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream).ToBlockingEnumerable().GetEnumerator();
        long record = 0;
        Step step;
        while ((step = Next(elements, path)) == Step.Element)
        {
            record++;
            yield return JsonRecords.Record(elements.Current, record, path, columns, firstRecord: record == 1);
        }
        if (step == Step.NotAnArray)
        {
            foreach (var columnRecord in ReadColumns(path, columns))
            {
                yield return columnRecord;
            }
        }
    }

    private enum Step
    {
        Element,
        End,
        NotAnArray,
    }

    private static Step Next(IEnumerator<JsonElement> elements, string path)
    {
        try
        {
            return elements.MoveNext() ? Step.Element : Step.End;
        }
        catch (JsonException e) when (e.Path == "$" && e.Message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
        {
            throw new UrlListException(UrlListErrorKind.Malformed, path, 1,
                $"{path} is empty: expected a JSON array of records ([{{...}}, ...]) or an object of columns ({{\"url\": {{\"0\": ...}}, ...}}).");
        }
        catch (JsonException e) when (e.Path == "$")
        {
            return Step.NotAnArray;
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            throw new UrlListException(UrlListErrorKind.Malformed, path, line, $"{path}, line {line}: malformed JSON: {e.Message}");
        }
    }

    /// <summary>Column-oriented JSON: the rows are the indexes of the url column, in its order.</summary>
    private IEnumerable<SourceRecord> ReadColumns(string path, IReadOnlyList<string> columns)
    {
        using var document = Parse(path);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Any(c => c.Value.ValueKind != JsonValueKind.Object))
        {
            throw new UrlListException(UrlListErrorKind.Malformed, path, 1,
                $"{path}: expected a JSON array of records ([{{...}}, ...]) or an object of columns ({{\"url\": {{\"0\": ...}}, ...}}).");
        }
        if (!root.TryGetProperty(columns[0], out var urls))
        {
            throw ColumnCheck.Missing(path, [columns[0]], root.EnumerateObject().Select(c => c.Name).ToArray(), 1);
        }
        var present = columns.Select(c => root.TryGetProperty(c, out var column) ? column : (JsonElement?)null).ToArray();
        long record = 0;
        foreach (var index in urls.EnumerateObject())
        {
            record++;
            yield return new SourceRecord(record,
                present.Select(column => column is { } values && values.TryGetProperty(index.Name, out var value) ? JsonValues.ToClr(value) : null).ToArray(), null);
        }
    }

    private JsonDocument Parse(string path)
    {
        using var stream = reopen();
        try
        {
            return JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            throw new UrlListException(UrlListErrorKind.Malformed, path, line, $"{path}, line {line}: malformed JSON: {e.Message}");
        }
    }
}
