using System.Text.Json;

namespace Img2Dataset.Engine.Input.Sources;

/// <summary>
/// A JSON document read token by token from a stream through a buffer that holds what the current step needs (one
/// token, or one value being captured), so a document of any size is read in bounded memory. Each step either
/// completes on the bytes at hand or is run again once more bytes are in; line numbers carry across refills, and a
/// syntax error is a <see cref="UrlListException"/> naming the file and line.
/// </summary>
internal sealed class ChunkedJson(Stream stream, string path)
{
    private delegate bool Step<T>(ref Utf8JsonReader reader, out T result);

    private byte[] buffer = new byte[1 << 16];
    private int start;
    private int end;
    private bool final;
    private JsonReaderState state;
    private bool begun;
    private long consumed;

    /// <summary>Reads the next token, which must be <paramref name="type"/> (<see cref="JsonTokenType.None"/>: the end of the document).</summary>
    public void Expect(JsonTokenType type, string message)
    {
        var found = Run((ref Utf8JsonReader reader, out JsonTokenType token) =>
        {
            token = JsonTokenType.None;
            if (reader.Read())
            {
                token = reader.TokenType;
                return true;
            }
            return reader.IsFinalBlock;
        });
        if (found != type)
        {
            throw new UrlListException(UrlListErrorKind.Malformed, path, 1, message);
        }
    }

    /// <summary>The next property name of the object being read; null at its end.</summary>
    public string? NextName() => Run((ref Utf8JsonReader reader, out string? name) =>
    {
        name = null;
        if (!reader.Read())
        {
            return false;
        }
        name = reader.TokenType == JsonTokenType.PropertyName ? reader.GetString() : null;
        return true;
    });

    /// <summary>The raw JSON text of the next value (a whole object or array included).</summary>
    public byte[] RawValue() => Run((ref Utf8JsonReader reader, out byte[] raw) =>
    {
        raw = [];
        if (!reader.Read())
        {
            return false;
        }
        var from = (int)reader.TokenStartIndex;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
        {
            return false;
        }
        raw = buffer.AsSpan(start + from, (int)reader.BytesConsumed - from).ToArray();
        return true;
    });

    /// <summary>Skips what is left of the object just entered, token by token, however large it is.</summary>
    public void SkipRestOfObject()
    {
        for (var depth = 1; depth > 0;)
        {
            depth += Run((ref Utf8JsonReader reader, out int change) =>
            {
                change = 0;
                if (!reader.Read())
                {
                    return false;
                }
                change = reader.TokenType switch
                {
                    JsonTokenType.StartObject or JsonTokenType.StartArray => 1,
                    JsonTokenType.EndObject or JsonTokenType.EndArray => -1,
                    _ => 0,
                };
                return true;
            });
        }
    }

    private T Run<T>(Step<T> step)
    {
        while (true)
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), final, state);
            bool complete;
            T result;
            try
            {
                complete = step(ref reader, out result);
            }
            catch (JsonException e)
            {
                var line = (e.LineNumber ?? 0) + 1;
                throw new UrlListException(UrlListErrorKind.Malformed, path, line, $"{path}, line {line}: malformed JSON: {e.Message}");
            }
            if (complete)
            {
                start += (int)reader.BytesConsumed;
                consumed += reader.BytesConsumed;
                state = reader.CurrentState;
                return result;
            }
            if (final)
            {
                throw new UrlListException(UrlListErrorKind.Malformed, path, 1, $"{path}: the JSON ends in the middle of a value.");
            }
            Refill();
        }
    }

    /// <summary>Keeps the bytes not yet consumed at the front, grows the buffer when they fill it, and reads more.</summary>
    private void Refill()
    {
        var kept = end - start;
        if (kept == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }
        else if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, kept);
        }
        start = 0;
        end = kept;
        var read = stream.Read(buffer, end, buffer.Length - end);
        end += read;
        final = read == 0;
        if (!begun && (end >= 3 || final))
        {
            // A UTF-8 byte-order mark, as Windows tools write it, is not part of the document.
            begun = true;
            start = consumed == 0 && buffer.AsSpan(0, end).StartsWith("\uFEFF"u8) ? 3 : 0;
        }
    }
}
