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

    /// <summary>Column-oriented JSON: the rows are the keys of the url column, in its order (see <see cref="JsonColumnSpool"/>).</summary>
    private IEnumerable<SourceRecord> ReadColumns(string path, IReadOnlyList<string> columns)
    {
        using var spool = new JsonColumnSpool();
        IReadOnlyList<string> names;
        using (var stream = reopen())
        {
            names = spool.Write(stream, path, columns.ToHashSet(StringComparer.Ordinal));
        }
        if (!names.Contains(columns[0]))
        {
            throw ColumnCheck.Missing(path, [columns[0]], names.ToArray(), 1);
        }
        foreach (var record in spool.Rows(columns))
        {
            yield return record;
        }
    }
}
