using System.Text.Json;

namespace Img2Dataset.Engine.Input.Sources;

/// <summary>
/// A JSON document holding an array of record objects, streamed element by element so the document is never held
/// whole. A syntax error ends the file: nothing after it can be trusted.
/// </summary>
public sealed class JsonArraySource : IRecordSource
{
    public IEnumerable<SourceRecord> Read(Stream stream, string path, IReadOnlyList<string> columns)
    {
        using var elements = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream).ToBlockingEnumerable().GetEnumerator();
        long record = 0;
        while (Next(elements, path))
        {
            record++;
            yield return JsonRecords.Record(elements.Current, record, path, columns, firstRecord: record == 1);
        }
    }

    private static bool Next(IEnumerator<JsonElement> elements, string path)
    {
        try
        {
            return elements.MoveNext();
        }
        catch (JsonException e) when (e.Path == "$" && e.Message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
        {
            throw new UrlListException(UrlListErrorKind.Malformed, path, 1,
                $"{path} is empty: expected a JSON array of records ([{{...}}, ...]).");
        }
        catch (JsonException e) when (e.Path == "$" && e.LineNumber is 0 && e.BytePositionInLine is 1)
        {
            throw new UrlListException(UrlListErrorKind.Malformed, path, 1,
                $"{path}: expected a JSON array of records ([{{...}}, ...]); column-oriented JSON is not supported, write it as records.");
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            throw new UrlListException(UrlListErrorKind.Malformed, path, line, $"{path}, line {line}: malformed JSON: {e.Message}");
        }
    }
}
