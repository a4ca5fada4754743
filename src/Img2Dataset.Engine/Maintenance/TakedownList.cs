using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.Engine.Maintenance;

/// <summary>
/// The samples a takedown asks to remove: by URL (exactly as stored), by key, or by the stored hash column (sha256,
/// md5 or sha512, compared without regard to case). URLs and hashes are held as 128-bit XXH128 digests with where each
/// was listed, so a list of a million URLs takes tens of megabytes whatever their length, and no two URLs of a
/// dataset share a digest in practice. Each match becomes a <see cref="SampleEdit"/> whose reason names the list and
/// line, as "takedown (takedowns.csv, line 12)".
/// </summary>
public sealed class TakedownList
{
    public const string Signal = "Takedown";
    private static readonly string[] HashColumns = ["sha256", "md5", "sha512"];
    private readonly Dictionary<UInt128, Listed> urls = [];
    private readonly Dictionary<UInt128, Listed> hashes = [];
    private readonly Dictionary<string, Listed> keys = new(StringComparer.Ordinal);
    private readonly List<string> sources = [];

    /// <summary>Where an entry was listed: the index of its source (a file, or the parameter it came from) and the line, when it has one.</summary>
    private readonly record struct Listed(int Source, long? Line);

    public int Count => urls.Count + hashes.Count + keys.Count;

    public void AddUrl(string url, string source, long? line = null) => urls.TryAdd(Digest(url), new Listed(SourceIndex(source), line));

    public void AddHash(string hash, string source, long? line = null) => hashes.TryAdd(Digest(hash.Trim().ToLowerInvariant()), new Listed(SourceIndex(source), line));

    public void AddKey(string key, string source) => keys.TryAdd(key, new Listed(SourceIndex(source), null));

    /// <summary>
    /// Adds the rows of a list in any format the URL readers take (the url column, and the hash column when named),
    /// streamed; the rows that have neither are returned as errors naming their file and line.
    /// </summary>
    public IReadOnlyList<string> AddList(string path, UrlListOptions options, string? shownAs = null)
    {
        var errors = new List<string>();
        foreach (var row in new UrlListReader(options).Read(path, shownAs))
        {
            var source = shownAs ?? Path.GetFileName(path);
            var listed = false;
            if (row.Url.Length > 0)
            {
                AddUrl(row.Url, source, row.SourceLine);
                listed = true;
            }
            if (!string.IsNullOrWhiteSpace(row.ExpectedHash))
            {
                AddHash(row.ExpectedHash, source, row.SourceLine);
                listed = true;
            }
            if (!listed)
            {
                errors.Add(row.InputError ?? $"{path}, line {row.SourceLine}: neither a url nor a hash");
            }
        }
        return errors;
    }

    /// <summary>The removal a metadata row's url, key or hash is listed for; null when it is not listed (or already removed).</summary>
    public SampleEdit? Match(IReadOnlyDictionary<string, object?> row, DateTimeOffset at)
    {
        if (row.GetValueOrDefault("key") is not string key || row.GetValueOrDefault("status") as string == SampleStatus.Removed)
        {
            return null;
        }
        Listed? listed = keys.TryGetValue(key, out var byKey) ? byKey : null;
        if (listed is null && row.GetValueOrDefault("url") is string url && urls.TryGetValue(Digest(url), out var byUrl))
        {
            listed = byUrl;
        }
        foreach (var column in HashColumns)
        {
            if (listed is null && row.GetValueOrDefault(column) is string hash && hashes.TryGetValue(Digest(hash.Trim().ToLowerInvariant()), out var byHash))
            {
                listed = byHash;
            }
        }
        return listed is { } found ? Edit(key, found, at) : null;
    }

    private SampleEdit Edit(string key, Listed listed, DateTimeOffset at)
    {
        var source = sources[listed.Source];
        var where = listed.Line is { } line ? $"{source}, line {line}" : source;
        var evidence = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["signal"] = Signal,
            ["matched"] = new[] { listed.Line is { } l ? $"line {l}" : source },
            ["source"] = source,
            ["removed_at"] = Timestamps.Utc(at),
        });
        return new SampleEdit(key, SampleEditKind.Remove, $"takedown ({where})", evidence, Signal);
    }

    private int SourceIndex(string source)
    {
        var index = sources.IndexOf(source);
        if (index < 0)
        {
            sources.Add(source);
            index = sources.Count - 1;
        }
        return index;
    }

    private static UInt128 Digest(string text)
    {
        Span<byte> digest = stackalloc byte[16];
        XxHash128.Hash(Encoding.UTF8.GetBytes(text), digest);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }
}
