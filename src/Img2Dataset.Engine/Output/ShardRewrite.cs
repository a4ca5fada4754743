namespace Img2Dataset.Engine.Output;

/// <summary>
/// Rewrites one complete shard of a local dataset with some of its samples removed or marked, as one
/// <see cref="ShardAttempt"/>: every part is copied with the edits under the attempt's partial names and flushed to the
/// disk; then the new stats file, whose commit names the attempt, replaces the old one in one rename; then the parts
/// are moved into place. A crash before the rename leaves the old shard as it was (and partial files the next run
/// removes); after it, the commit names files that are not yet in place, so the shard is not complete until
/// <see cref="LocalShardRepair"/> moves them in from the partials. Either the old shard or the new, never a mix.
/// A shard none of whose rows is edited is not touched.
/// </summary>
public static class ShardRewrite
{
    public static ShardRewriteResult Apply(string folder, string name, OutputFormat format, IReadOnlyDictionary<string, SampleEdit> edits, bool purge)
    {
        if (format == OutputFormat.Dummy)
        {
            throw new NotSupportedException($"{folder} is a dummy dataset: it keeps no samples or metadata to edit.");
        }
        var stats = DatasetReader.Verified(folder, name) ?? throw new InvalidDataException($"Shard {name} of {folder} is not complete: its files are not as its commit states.");
        var before = DataBytes(stats);
        var attempt = ShardAttempt.New();
        var stem = Path.Combine(folder, name);
        var parts = new List<RewrittenPart>();
        var changes = new List<RowChange>();
        try
        {
            parts.Add(MetadataParquetRewrite.Copy(stem + ".parquet", stem + ".parquet", attempt.Partial(stem + ".parquet"), edits, purge, changes));
            if (changes.Count == 0)
            {
                attempt.Discard(stem + ".parquet");
                return ShardRewriteResult.Unchanged(name, before);
            }
            var applied = changes.Select(c => c.Edit).ToDictionary(e => e.Key);
            if (DataPart(format, stem, attempt, applied) is { } data)
            {
                parts.Insert(0, data);
            }
            Count(stats, changes);
            stats.Commit = new ShardCommit { Attempt = attempt.Id, Objects = parts.Select(p => p.Committed).ToList() };
            var statsPath = ShardPaths.Stats(folder, name);
            var statsPartial = attempt.Partial(statsPath);
            DurableFile.Write(statsPartial, stats.ToJson());
            Storage.FileSharing.Replace(() => File.Move(statsPartial, statsPath, overwrite: true));
        }
        catch
        {
            parts.ForEach(part => attempt.Discard(part.FinalPath));
            attempt.Discard(ShardPaths.Stats(folder, name));
            throw;
        }
        foreach (var part in parts)
        {
            attempt.Publish(part.FinalPath, part.IsFolder);
        }
        var removed = changes.Count(c => c.Edit.Kind == SampleEditKind.Remove);
        return new ShardRewriteResult(name, removed, changes.Count - removed, before, DataBytes(stats));
    }

    private static RewrittenPart? DataPart(OutputFormat format, string stem, ShardAttempt attempt, IReadOnlyDictionary<string, SampleEdit> edits) => format switch
    {
        OutputFormat.WebDataset => TarRewrite.Copy(stem + ".tar", stem + ".tar", attempt.Partial(stem + ".tar"), edits),
        OutputFormat.TFRecord => TfRecordRewrite.Copy(stem + ".tfrecord", stem + ".tfrecord", attempt.Partial(stem + ".tfrecord"), edits),
        OutputFormat.Files => FilesRewrite.Copy(stem, stem, attempt.Partial(stem), edits),
        _ => null,
    };

    /// <summary>The shard's counts after the changes: a purged row leaves them, a removed one moves to "removed", a marked one stays as it was.</summary>
    private static void Count(ShardStatistics stats, IEnumerable<RowChange> changes)
    {
        foreach (var change in changes.Where(c => c.Edit.Kind == SampleEditKind.Remove))
        {
            stats.Subtract(change.Status, change.ErrorMessage);
            if (!change.Purged)
            {
                stats.AddRemoved(change.Edit.Reason);
            }
        }
    }

    private static long DataBytes(ShardStatistics stats) => stats.Commit?.Objects.Sum(o => o.Size) ?? 0;
}
