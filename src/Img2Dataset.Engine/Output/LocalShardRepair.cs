using Img2Dataset.Engine.Storage;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// Finishes the shards of a local dataset whose commit names files not yet in place (a run killed between its commit
/// and its renames, a job's or a rewrite's), from the partial files their attempt left; a shard that cannot be
/// finished loses its commit, so it is written again. Then removes every other partial file: left by a run that was
/// killed, never complete, so never kept.
/// </summary>
public static class LocalShardRepair
{
    public static void Run(string folder, Func<int, bool> owns, Action<string> log)
    {
        foreach (var stats in Directory.EnumerateFiles(folder, "*" + ShardObjects.StatsSuffix))
        {
            var name = Path.GetFileName(stats)[..^ShardObjects.StatsSuffix.Length];
            if (ShardObjects.Parse(name + ShardObjects.StatsSuffix) is not { } shard || !owns(shard.ShardId) || DatasetReader.Verified(folder, name) is not null)
            {
                continue;
            }
            var commit = StatisticsOrNull(stats)?.Commit;
            var attempt = commit is null ? null : ShardAttempt.Of(commit.Attempt);
            foreach (var committed in commit?.Objects ?? [])
            {
                var final = Path.Combine(folder, committed.Name.TrimEnd('/'));
                if (attempt!.HasPartial(final))
                {
                    attempt.Publish(final, committed.IsFolder);
                }
            }
            if (DatasetReader.Verified(folder, name) is null)
            {
                log($"shard {shard.ShardId} was committed but its files are not as its commit states; it is written again");
                File.Delete(stats);
            }
        }
        foreach (var partial in Directory.EnumerateFileSystemEntries(folder, "*" + ShardAttempt.Suffix))
        {
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true); else File.Delete(partial);
        }
    }

    private static ShardStatistics? StatisticsOrNull(string path)
    {
        try
        {
            return ShardStatistics.Parse(path);
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or InvalidDataException)
        {
            return null;
        }
    }
}
