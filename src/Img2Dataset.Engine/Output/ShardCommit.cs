using System.Text.Json.Serialization;
using Img2Dataset.Engine.Storage;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// The commit record of a shard, kept in its <c>NAME_stats.json</c> under "commit" (the reference's readers take the
/// fields they know and ignore it): which attempt wrote the shard and the data objects it published, with their sizes.
/// Any number of writers may race for one shard (a CI retry beside the original, two pods of one index): each writes
/// its data under names of its own attempt, then creates the stats file only if none exists; the one that created it
/// publishes its data under the shard's names, the others delete what they wrote. A reader trusts a stats file only
/// when the objects its commit names are there with the sizes (and, in object stores, the MD5s) it states; so a
/// shard whose publication was cut short is incomplete, never complete with another writer's bytes in it.
/// </summary>
public sealed record ShardCommit
{
    [JsonPropertyName("attempt")] public required string Attempt { get; init; }

    [JsonPropertyName("objects")] public required IReadOnlyList<CommittedObject> Objects { get; init; }

    /// <summary>
    /// Why the published objects are not what the commit states, or null when they are.
    /// </summary>
    /// <param name="find">The object of a name as stored now; null when there is none.</param>
    /// <param name="folderTotals">The files under a folder name ("00000/") and their bytes.</param>
    public string? Mismatch(Func<string, StoredObject?> find, Func<string, (int Files, long Bytes)> folderTotals)
    {
        foreach (var committed in Objects)
        {
            if (committed.IsFolder)
            {
                var (files, bytes) = folderTotals(committed.Name);
                if (files != committed.Files || bytes != committed.Size)
                {
                    return $"{committed.Name} holds {files} files of {bytes} bytes; its commit states {committed.Files} of {committed.Size}";
                }
                continue;
            }
            if (find(committed.Name) is not { } stored)
            {
                return $"{committed.Name} is missing";
            }
            if (stored.Length != committed.Size)
            {
                return $"{committed.Name} has {stored.Length} bytes; its commit states {committed.Size}";
            }
            if (committed.Md5 is { } md5 && stored.ContentMd5 is { } actual && Convert.ToBase64String(actual) != md5)
            {
                return $"{committed.Name} is not the content its commit states (MD5 {Convert.ToBase64String(actual)}, not {md5})";
            }
        }
        return null;
    }

    /// <summary>Why the shard's files in a local folder are not what the commit states, or null when they are.</summary>
    public string? Mismatch(string folder) => Mismatch(
        name => new FileInfo(Path.Combine(folder, name)) is { Exists: true } file ? new StoredObject(name, file.Length, null, null) : null,
        name => Directory.Exists(Path.Combine(folder, name))
            ? new DirectoryInfo(Path.Combine(folder, name)).EnumerateFiles().Aggregate((Files: 0, Bytes: 0L), (t, f) => (t.Files + 1, t.Bytes + f.Length))
            : (0, 0));

    /// <summary>Why the shard's objects in a listing of its location are not what the commit states, or null when they are.</summary>
    public string? Mismatch(IReadOnlyDictionary<string, StoredObject> listing) => Mismatch(
        listing.GetValueOrDefault,
        prefix => listing.Values.Where(o => o.Name.StartsWith(prefix, StringComparison.Ordinal)).Aggregate((Files: 0, Bytes: 0L), (t, o) => (t.Files + 1, t.Bytes + o.Length)));
}
