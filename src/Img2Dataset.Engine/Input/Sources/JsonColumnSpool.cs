using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Img2Dataset.Engine.Input.Sources;

/// <summary>
/// Column-oriented JSON (pandas' default <c>DataFrame.to_json()</c>: <c>{"url": {"0": …, "1": …}, "caption": {…}}</c>)
/// read in one streaming pass and linear time: each requested column's entries are written, as they come, to a spool
/// file of its own (key, then the value's raw JSON), and the rows are then read from the spools side by side, a row
/// being a key of the url column, in its order. pandas writes every column's keys in the same order, so the spools are
/// read in lockstep and memory stays flat whatever the size; a column whose keys come in another order is indexed
/// once (its keys and values in memory), so each lookup is constant time, never a scan of the column.
/// </summary>
internal sealed class JsonColumnSpool : IDisposable
{
    private const int ChunkBytes = 1 << 16;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "img2dataset-json-columns-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string> spools = new(StringComparer.Ordinal);

    public static string Expected(string path) =>
        $"{path}: expected a JSON array of records ([{{...}}, ...]) or an object of columns ({{\"url\": {{\"0\": ...}}, ...}}).";

    /// <summary>Spools the requested columns of the document; the names of all its columns.</summary>
    /// <exception cref="UrlListException">The document is not an object of column objects, or not JSON.</exception>
    public IReadOnlyList<string> Write(Stream stream, string path, IReadOnlyCollection<string> columns)
    {
        Directory.CreateDirectory(folder);
        var names = new List<string>();
        var parser = new ChunkedJson(stream, path);
        parser.Expect(JsonTokenType.StartObject, Expected(path));
        while (parser.NextName() is { } column)
        {
            names.Add(column);
            parser.Expect(JsonTokenType.StartObject, Expected(path));
            if (!columns.Contains(column) || spools.ContainsKey(column))
            {
                parser.SkipRestOfObject();
                continue;
            }
            var file = Path.Combine(folder, $"{spools.Count}.spool");
            spools[column] = file;
            using var output = new BufferedStream(new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None), ChunkBytes);
            while (parser.NextName() is { } key)
            {
                WriteEntry(output, key, parser.RawValue());
            }
        }
        parser.Expect(JsonTokenType.None, Expected(path));
        return names;
    }

    /// <summary>The rows: each key of <paramref name="columns"/>[0] in order, with the requested columns' values (null where a column has none).</summary>
    public IEnumerable<SourceRecord> Rows(IReadOnlyList<string> columns)
    {
        using var url = new SpoolReader(spools[columns[0]]);
        var others = columns.Skip(1).Select(c => spools.TryGetValue(c, out var file) ? new ColumnCursor(new SpoolReader(file)) : null).ToArray();
        try
        {
            long record = 0;
            while (url.Next() is var (key, raw))
            {
                record++;
                var values = new object?[columns.Count];
                values[0] = Value(raw);
                for (var i = 0; i < others.Length; i++)
                {
                    values[i + 1] = others[i]?.Find(key) is { } found ? Value(found) : null;
                }
                yield return new SourceRecord(record, values, null);
            }
        }
        finally
        {
            foreach (var cursor in others)
            {
                cursor?.Dispose();
            }
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static object? Value(byte[] raw)
    {
        using var document = JsonDocument.Parse(raw);
        return Formats.JsonValues.ToClr(document.RootElement);
    }

    private static void WriteEntry(Stream output, string key, ReadOnlySpan<byte> value)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, keyBytes.Length);
        output.Write(length);
        output.Write(keyBytes);
        BinaryPrimitives.WriteInt32LittleEndian(length, value.Length);
        output.Write(length);
        output.Write(value);
    }

    /// <summary>One spool's entries in order.</summary>
    private sealed class SpoolReader(string file) : IDisposable
    {
        private readonly BufferedStream input = new(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read), ChunkBytes);

        public (string Key, byte[] Raw)? Next()
        {
            Span<byte> length = stackalloc byte[4];
            if (input.ReadAtLeast(length, 4, throwOnEndOfStream: false) < 4)
            {
                return null;
            }
            var key = new byte[BinaryPrimitives.ReadInt32LittleEndian(length)];
            input.ReadExactly(key);
            input.ReadExactly(length);
            var raw = new byte[BinaryPrimitives.ReadInt32LittleEndian(length)];
            input.ReadExactly(raw);
            return (Encoding.UTF8.GetString(key), raw);
        }

        public void Dispose() => input.Dispose();
    }

    /// <summary>
    /// A requested column, read in lockstep with the url column while their keys agree; at the first key that does
    /// not, the rest of it is indexed by key.
    /// </summary>
    private sealed class ColumnCursor(SpoolReader reader) : IDisposable
    {
        private Dictionary<string, byte[]>? index;

        public byte[]? Find(string key)
        {
            if (index is null)
            {
                var next = reader.Next();
                if (next is var (nextKey, raw) && nextKey == key)
                {
                    return raw;
                }
                index = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                if (next is var (otherKey, otherRaw))
                {
                    index[otherKey] = otherRaw;
                }
                while (reader.Next() is var (restKey, restRaw))
                {
                    index.TryAdd(restKey, restRaw);
                }
            }
            return index.GetValueOrDefault(key);
        }

        public void Dispose() => reader.Dispose();
    }
}
