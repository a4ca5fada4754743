using Img2Dataset.Engine.Imaging;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// Writes one shard in one format: its parts under partial names, then, on <see cref="Complete"/>, every part
/// finished and flushed to the disk, moved into place, and <c>_stats.json</c> last. A shard whose stats file exists is
/// complete by definition. Should any step fail, the parts already moved into place are removed again, and disposing
/// an incomplete writer removes its partial files: a failed shard leaves nothing behind, whatever failed.
/// </summary>
public sealed class ShardWriter : IDisposable
{
    private readonly List<IShardPart> parts = [];
    private readonly ShardStatistics statistics = ShardStatistics.Started();
    private readonly string statsPath;
    private readonly string mainPath;
    private readonly OutputFormat format;
    private readonly int shardId;
    private readonly string name;
    private bool completed;

    /// <summary>Opens the shard's partial files; the first sample's layout, format and hash decide the metadata columns.</summary>
    public ShardWriter(string outputFolder, OutputFormat format, int shardId, DatasetSample first)
    {
        this.format = format;
        this.shardId = shardId;
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
                    parts.Add(new FilesPart(stem));
                    break;
                case OutputFormat.WebDataset:
                    parts.Add(new WebDatasetPart(stem + ".tar"));
                    break;
                case OutputFormat.TFRecord:
                    parts.Add(new TfRecordPart(stem + ".tfrecord"));
                    break;
            }
            if (format != OutputFormat.Dummy)
            {
                var imageColumn = format == OutputFormat.Parquet ? ImagingNames.Extension(first.EncodeFormat) : null;
                parts.Add(new MetadataParquetPart(stem + ".parquet", columns, imageColumn));
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
        DurableFile.Write(PartialPath.For(statsPath), statistics.ToJson());
        var published = new List<IShardPart>();
        try
        {
            foreach (var part in parts)
            {
                PartialPath.Publish(part.FinalPath, part.IsFolder);
                published.Add(part);
            }
            PartialPath.Publish(statsPath, isFolder: false);
        }
        catch
        {
            published.ForEach(part => PartialPath.Retract(part.FinalPath, part.IsFolder));
            throw;
        }
        completed = true;
        return new ShardSummary(shardId, name, mainPath, format, statistics.Count, statistics.Successes,
            statistics.FailedToDownload, statistics.FailedToResize, parts.Sum(p => p.Bytes));
    }

    /// <summary>Closes every part; an incomplete shard's partial files are removed. Never throws: it runs after failures.</summary>
    public void Dispose()
    {
        foreach (var part in parts)
        {
            Try(part.Dispose);
            if (!completed)
            {
                Try(() => PartialPath.Discard(part.FinalPath));
            }
        }
        if (!completed)
        {
            Try(() => PartialPath.Discard(statsPath));
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
