using Img2Dataset.Engine.Imaging;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// Writes one shard in one format, as one <see cref="ShardAttempt"/>: its parts under the attempt's partial names,
/// then, on <see cref="Complete"/>, every part finished and flushed to the disk, the stats file with the attempt's
/// commit created only if no stats file exists (a rename that fails when the name is taken), and then the parts moved
/// into place. A writer that finds the stats file already created by another attempt of the same shard leaves it and
/// removes its own files. Should a step fail, what this attempt published is removed again, and disposing an
/// incomplete writer removes its partial files: a failed shard leaves nothing behind, whatever failed.
/// </summary>
public sealed class ShardWriter : IDisposable
{
    private readonly List<IShardPart> parts = [];
    private readonly ShardStatistics statistics = ShardStatistics.Started();
    private readonly ShardAttempt attempt = ShardAttempt.New();
    private readonly string statsPath;
    private readonly string mainPath;
    private readonly OutputFormat format;
    private readonly int shardId;
    private readonly string name;
    private readonly bool replace;
    private bool completed;

    /// <summary>Opens the shard's partial files; the first sample's layout, format and hash decide the metadata columns.</summary>
    /// <param name="outputFolder">Where the shard goes.</param>
    /// <param name="format">Its output format.</param>
    /// <param name="shardId">Its id.</param>
    /// <param name="first">Its first sample.</param>
    /// <param name="replace">Whether a complete shard of this id may be replaced (Export's -Force); otherwise one found at the commit was written by another writer, and stays.</param>
    public ShardWriter(string outputFolder, OutputFormat format, int shardId, DatasetSample first, bool replace = false)
    {
        this.format = format;
        this.shardId = shardId;
        this.replace = replace;
        name = first.Download.Row.Layout.Keys.ShardName(shardId);
        var stem = Path.Combine(outputFolder, name);
        statsPath = ShardPaths.Stats(outputFolder, name);
        mainPath = ShardPaths.Main(outputFolder, name, format);
        Directory.CreateDirectory(outputFolder);
        var columns = SampleMetadata.Columns(first);
        try
        {
            switch (format)
            {
                case OutputFormat.Files:
                    parts.Add(new FilesPart(stem, attempt.Partial(stem)));
                    break;
                case OutputFormat.WebDataset:
                    parts.Add(new WebDatasetPart(stem + ".tar", attempt.Partial(stem + ".tar")));
                    break;
                case OutputFormat.TFRecord:
                    parts.Add(new TfRecordPart(stem + ".tfrecord", attempt.Partial(stem + ".tfrecord")));
                    break;
            }
            if (format != OutputFormat.Dummy)
            {
                var imageColumn = format == OutputFormat.Parquet ? ImagingNames.Extension(first.EncodeFormat) : null;
                parts.Add(new MetadataParquetPart(stem + ".parquet", attempt.Partial(stem + ".parquet"), columns, imageColumn));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Count => statistics.Count;

    public void Add(DatasetSample sample)
    {
        foreach (var part in parts)
        {
            part.Add(sample);
        }
        statistics.Add(sample.Status, sample.ErrorMessage);
    }

    public ShardSummary Complete()
    {
        foreach (var part in parts)
        {
            part.Finish();
        }
        statistics.Finish();
        statistics.Commit = new ShardCommit { Attempt = attempt.Id, Objects = parts.Select(p => p.Committed()).ToList() };
        var statsPartial = attempt.Partial(statsPath);
        DurableFile.Write(statsPartial, statistics.ToJson());
        if (!Commit(statsPartial))
        {
            // Another writer of this shard committed first: its shard stands, this attempt's files go.
            Dispose();
            return Summary() with { WrittenByAnother = true };
        }
        var published = new List<IShardPart>();
        try
        {
            foreach (var part in parts)
            {
                attempt.Publish(part.FinalPath, part.IsFolder);
                published.Add(part);
            }
        }
        catch
        {
            File.Delete(statsPath);
            published.ForEach(part => ShardAttempt.Retract(part.FinalPath, part.IsFolder));
            throw;
        }
        completed = true;
        return Summary();
    }

    /// <summary>Creates the stats file from this attempt's, unless another attempt's exists; true when this one's is in place.</summary>
    private bool Commit(string statsPartial)
    {
        if (replace)
        {
            Storage.LocalPaths.MakeWritable(statsPath);
            File.Delete(statsPath);
        }
        return Storage.LocalPaths.TryMoveToNew(statsPartial, statsPath);
    }

    private ShardSummary Summary() => new(shardId, name, mainPath, format, statistics.Count, statistics.Successes,
        statistics.FailedToDownload, statistics.FailedToResize, parts.Sum(p => p.Bytes));

    /// <summary>Closes every part; an incomplete shard's partial files are removed. Never throws: it runs after failures.</summary>
    public void Dispose()
    {
        foreach (var part in parts)
        {
            Try(part.Dispose);
            if (!completed)
            {
                Try(() => attempt.Discard(part.FinalPath));
            }
        }
        if (!completed)
        {
            Try(() => attempt.Discard(statsPath));
        }
    }

    private static void Try(Action cleanUp)
    {
        try
        {
            cleanUp();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // Best effort: a leftover partial file is removed by the next run's start, and is never taken as complete.
        }
    }
}
