using System.Text.RegularExpressions;

namespace Img2Dataset.Engine.Jobs;

/// <summary>
/// What a job keeps in its output folder: the shards and their stats, named as the reference names them, and its own
/// state in <c>.img2dataset/</c> (the lock, who holds it, the recorded config), out of the way of the reference's
/// <c>*.json</c> glob, which takes every top-level JSON file for a shard's stats. Overwriting deletes only the first
/// kind unless told to delete everything.
/// </summary>
public static partial class OutputFolderLayout
{
    public const string StateFolderName = ".img2dataset";

    public static string StateFolder(string outputFolder) => Path.Combine(outputFolder, StateFolderName);

    /// <summary>Whether a top-level entry is part of a dataset: a shard (file or folder), its stats, or a leftover partial of either.</summary>
    public static bool IsDatasetEntry(string name) => ShardEntry().IsMatch(name);

    /// <summary>Deletes the dataset's entries, or with <paramref name="everything"/> all the folder holds; the job's state stays.</summary>
    public static void Clear(string outputFolder, bool everything)
    {
        foreach (var entry in new DirectoryInfo(outputFolder).EnumerateFileSystemInfos())
        {
            if (entry.Name == StateFolderName || !(everything || IsDatasetEntry(entry.Name)))
            {
                continue;
            }
            Storage.LocalPaths.DeleteForcibly(entry);
        }
    }

    [GeneratedRegex(@"^\d+(\.tar|\.parquet|\.tfrecord|_stats\.json)?(\.partial)?$")]
    private static partial Regex ShardEntry();
}
