using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using Img2Dataset.Engine.Formats;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// Streams samples back from a dataset folder in whichever format it holds (tar, tfrecord, parquet with images, or
/// shard folders), complete shards only, in shard order. Meant for users checking a dataset and for tests.
/// </summary>
public static class DatasetReader
{
    private static readonly string[] ImageFormats = ["jpg", "png", "webp"];

    public static OutputFormat DetectFormat(string folder)
    {
        var shards = CompleteShards(folder);
        return shards.Count == 0
            ? throw new InvalidDataException($"{folder} holds no complete shard (no NAME_stats.json).")
            : FormatOf(folder, shards);
    }

    /// <summary>The format of a dataset from the complete shards already found; Dummy (nothing to read) when there are none.</summary>
    public static OutputFormat FormatOf(string folder, IReadOnlyList<string> completeShards)
    {
        if (completeShards.Count == 0)
        {
            return OutputFormat.Dummy;
        }
        var name = completeShards[0];
        if (File.Exists(Path.Combine(folder, name + ".tar"))) return OutputFormat.WebDataset;
        if (File.Exists(Path.Combine(folder, name + ".tfrecord"))) return OutputFormat.TFRecord;
        if (Directory.Exists(Path.Combine(folder, name))) return OutputFormat.Files;
        return File.Exists(Path.Combine(folder, name + ".parquet")) ? OutputFormat.Parquet : OutputFormat.Dummy;
    }

    public static IEnumerable<StoredSample> Read(string folder)
    {
        var format = DetectFormat(folder);
        return CompleteShards(folder).SelectMany(shard => ReadShard(folder, shard, format));
    }

    /// <summary>The samples of one shard of a dataset folder in <paramref name="format"/>, in the order the shard holds them.</summary>
    public static IEnumerable<StoredSample> ReadShard(string folder, string shard, OutputFormat format) => format switch
    {
        OutputFormat.WebDataset => ReadTar(Path.Combine(folder, shard + ".tar"), shard),
        OutputFormat.TFRecord => ReadTfRecord(Path.Combine(folder, shard + ".tfrecord"), shard),
        OutputFormat.Files => ReadFiles(Path.Combine(folder, shard), shard),
        OutputFormat.Parquet => ReadParquet(Path.Combine(folder, shard + ".parquet"), shard),
        _ => [],
    };

    /// <summary>
    /// The byte sizes of the images one shard stores, without keeping any image: from the tar's headers or the files'
    /// lengths where the format allows, else by reading its records one at a time.
    /// </summary>
    public static IEnumerable<long> ImageSizes(string folder, string shard, OutputFormat format) => format switch
    {
        OutputFormat.WebDataset => TarImageSizes(Path.Combine(folder, shard + ".tar")),
        OutputFormat.Files => Directory.EnumerateFiles(Path.Combine(folder, shard))
            .Where(f => ImageFormats.Contains(Path.GetExtension(f).TrimStart('.')))
            .Select(f => new FileInfo(f).Length),
        _ => ReadShard(folder, shard, format).Where(s => s.Image is not null).Select(s => (long)s.Image!.Length),
    };

    private static IEnumerable<long> TarImageSizes(string path)
    {
        using var reader = new TarReader(Storage.FileSharing.OpenRead(path));
        while (reader.GetNextEntry() is { } entry)
        {
            if (ImageFormats.Contains(Path.GetExtension(entry.Name).TrimStart('.')))
            {
                yield return entry.Length;
            }
        }
    }

    /// <summary>
    /// Names of the complete shards, in order: those with a stats file whose commit's files are there as it states
    /// (see <see cref="ShardCommit"/>; a stats file without a commit, from another tool, is taken at its word).
    /// </summary>
    public static IReadOnlyList<string> CompleteShards(string folder) =>
        CompleteShardStatistics(folder).Select(s => s.Name).ToList();

    /// <summary>The complete shards with their stats, in name order, each stats file read and checked once.</summary>
    public static IReadOnlyList<(string Name, ShardStatistics Stats)> CompleteShardStatistics(string folder) =>
        Directory.EnumerateFiles(folder, "*_stats.json")
            .Select(f => Path.GetFileName(f)[..^"_stats.json".Length])
            .Select(name => (Name: name, Stats: Verified(folder, name)))
            .Where(s => s.Stats is not null)
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => (s.Name, s.Stats!))
            .ToList();

    /// <summary>The stats of a shard whose files are as its commit states; null for a shard that is not complete.</summary>
    public static ShardStatistics? Verified(string folder, string name)
    {
        try
        {
            var stats = ShardStatistics.Parse(ShardPaths.Stats(folder, name));
            return stats.Commit?.Mismatch(folder) is null ? stats : null;
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidDataException)
        {
            // A stats file that cannot be read (being replaced, cut short) commits nothing.
            return null;
        }
    }

    /// <summary>
    /// Every metadata row of a dataset, complete shards in order, failures included, without the image bytes the
    /// parquet output format keeps beside them: the columns a table or a CSV file can hold. Every row has every column
    /// of its shard's parquet (null where the row has no value), in the parquet's order, so tools that take the
    /// columns of the first object (Export-Csv, Format-Table) lose none.
    /// </summary>
    public static IEnumerable<Dictionary<string, object?>> ReadAllMetadata(string folder) =>
        CompleteShards(folder)
            .Select(shard => Path.Combine(folder, shard + ".parquet"))
            .Where(File.Exists)
            .SelectMany(path => ReadMetadata(path, without: ImageFormats));

    /// <summary>The metadata rows of one shard of a dataset folder, without the image bytes the parquet output format keeps beside them.</summary>
    public static IEnumerable<Dictionary<string, object?>> ReadShardMetadata(string folder, string shard) =>
        ReadMetadata(Path.Combine(folder, shard + ".parquet"), without: ImageFormats);

    /// <summary>The rows of a shard's metadata parquet, every input row of the shard, each with every column in the file's order.</summary>
    public static IEnumerable<Dictionary<string, object?>> ReadMetadata(string parquetPath) => ReadMetadata(parquetPath, without: []);

    private static IEnumerable<Dictionary<string, object?>> ReadMetadata(string parquetPath, IReadOnlyCollection<string> without)
    {
        using var stream = Storage.FileSharing.OpenRead(parquetPath);
        var (columns, rowGroups) = ParquetRows.Describe(stream);
        var kept = columns.Where(c => !without.Contains(c)).ToList();
        foreach (var row in ParquetRows.Read(stream, rowGroups))
        {
            yield return kept.ToDictionary(c => c, c => row.GetValueOrDefault(c));
        }
    }

    private static IEnumerable<StoredSample> ReadTar(string path, string shard)
    {
        using var reader = new TarReader(Storage.FileSharing.OpenRead(path));
        var entries = new Dictionary<string, byte[]>();
        string? currentKey = null;
        while (reader.GetNextEntry() is { } entry)
        {
            var key = Path.GetFileNameWithoutExtension(entry.Name);
            if (currentKey is not null && key != currentKey)
            {
                yield return FromParts(currentKey, shard, entries);
                entries = [];
            }
            currentKey = key;
            using var data = new MemoryStream();
            entry.DataStream?.CopyTo(data);
            entries[Path.GetExtension(entry.Name).TrimStart('.')] = data.ToArray();
        }
        if (currentKey is not null)
        {
            yield return FromParts(currentKey, shard, entries);
        }
    }

    private static IEnumerable<StoredSample> ReadFiles(string folder, string shard) =>
        Directory.EnumerateFiles(folder)
            .GroupBy(Path.GetFileNameWithoutExtension)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => FromParts(g.Key!, shard, g.ToDictionary(f => Path.GetExtension(f).TrimStart('.'), File.ReadAllBytes)));

    private static IEnumerable<StoredSample> ReadTfRecord(string path, string shard)
    {
        using var stream = Storage.FileSharing.OpenRead(path);
        foreach (var record in TfExample.ReadRecords(stream))
        {
            var features = TfExample.Decode(record);
            var format = ImageFormats.FirstOrDefault(features.ContainsKey);
            yield return new StoredSample
            {
                Key = Text(features.GetValueOrDefault("key")) ?? "",
                Shard = shard,
                Caption = Text(features.GetValueOrDefault("caption")) ?? Text(features.GetValueOrDefault("txt")),
                Image = format is null ? null : features[format] as byte[],
                ImageFormat = format,
                Status = Text(features.GetValueOrDefault("status")),
                Metadata = features.Where(f => f.Key != format).ToDictionary(f => f.Key, f => FeatureValue(f.Value)),
            };
        }
    }

    private static IEnumerable<StoredSample> ReadParquet(string path, string shard) =>
        ReadMetadata(path).Select(row =>
        {
            var format = ImageFormats.FirstOrDefault(row.ContainsKey);
            return new StoredSample
            {
                Key = row.GetValueOrDefault("key") as string ?? "",
                Shard = shard,
                Caption = row.GetValueOrDefault("caption") as string,
                Image = format is null ? null : row[format] as byte[],
                ImageFormat = format,
                Status = row.GetValueOrDefault("status") as string,
                Metadata = row.Where(r => r.Key != format).ToDictionary(r => r.Key, r => r.Value),
            };
        });

    private static StoredSample FromParts(string key, string shard, Dictionary<string, byte[]> parts)
    {
        var format = ImageFormats.FirstOrDefault(parts.ContainsKey);
        var metadata = parts.TryGetValue("json", out var json)
            ? JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!.ToDictionary(p => p.Key, p => JsonValues.ToClr(p.Value))
            : [];
        return new StoredSample
        {
            Key = key,
            Shard = shard,
            Caption = parts.TryGetValue("txt", out var caption) ? Encoding.UTF8.GetString(caption) : null,
            Image = format is null ? null : parts[format],
            ImageFormat = format,
            Status = metadata.GetValueOrDefault("status") as string,
            Metadata = metadata,
        };
    }

    /// <summary>A TFRecord feature as metadata: bytes as text, a list of bytes (a list of texts) as texts.</summary>
    private static object? FeatureValue(object? value) => value switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        object[] list when list.All(v => v is byte[]) => list.Select(v => Encoding.UTF8.GetString((byte[])v)).ToArray(),
        _ => value,
    };

    private static string? Text(object? value) => value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString();
}
