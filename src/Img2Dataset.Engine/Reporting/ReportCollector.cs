using System.Globalization;
using System.Text.Json;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Jobs;
using Img2Dataset.Engine.Output;
using Img2Dataset.Engine.Storage;

namespace Img2Dataset.Engine.Reporting;

/// <summary>
/// Computes a report's figures in one pass over the complete shards, each read once and whole before the next: its
/// stats, its metadata rows one at a time (only tallies, bounded heaps and fixed histograms are kept), then its images
/// (stored sizes, thumbnails of the samples chosen so far). Shards still being written are not read
/// (<see cref="DatasetReader.CompleteShards"/>); a remote dataset's images are downloaded shard by shard, as read.
/// </summary>
public sealed class ReportCollector
{
    public const int TopCount = 20;
    public const int MaxShardRows = 1000;
    private static readonly double[] PixelEdges = [64, 128, 256, 512, 1024, 2048, 4096];
    private static readonly double[] ByteEdges = [4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20];
    private static readonly double[] AspectEdges = [0.5, 0.75, 0.95, 1.05, 1.34, 2];

    private readonly Dictionary<string, long> outcomes = new(StringComparer.Ordinal);
    private readonly BoundedTally<ErrorFigure> errors = new(m => new ErrorFigure(m), Output.ErrorTally.MaxDistinctMessages);
    private readonly BoundedTally<SignalFigure> signals = new(s => new SignalFigure(s));
    private readonly BoundedTally<SignalFigure> consentHosts = new(h => new SignalFigure(h));
    private readonly BoundedTally<HostFigure> hosts = new(h => new HostFigure(h));
    private readonly Histogram originalWidth = new("Original width (px)", PixelEdges, Histogram.Plain);
    private readonly Histogram originalHeight = new("Original height (px)", PixelEdges, Histogram.Plain);
    private readonly Histogram width = new("Stored width (px)", PixelEdges, Histogram.Plain);
    private readonly Histogram height = new("Stored height (px)", PixelEdges, Histogram.Plain);
    private readonly Histogram storedBytes = new("Stored image size", ByteEdges, Histogram.Bytes);
    private readonly Histogram aspect = new("Aspect ratio (original width / height)", AspectEdges, Histogram.Plain);
    private readonly SampleChooser chooser;
    private readonly ThumbnailMaker thumbnails = new();
    private readonly string folder;
    private readonly int sampleCount;
    private readonly List<ShardFigure> shardFigures = [];
    private OutputFormat? format;
    private double started = double.MaxValue;
    private double ended = double.MinValue;
    private long errorMessages;

    /// <param name="folder">The dataset folder (a remote dataset's local copy).</param>
    /// <param name="sampleCount">How many thumbnails to show at most.</param>
    public ReportCollector(string folder, int sampleCount)
    {
        this.folder = folder;
        this.sampleCount = sampleCount;
        chooser = new SampleChooser(sampleCount);
    }

    /// <summary>The figures of a dataset folder whose complete shards are all there.</summary>
    /// <param name="folder">The dataset folder.</param>
    /// <param name="location">The dataset as the user named it, shown in the report.</param>
    /// <param name="sampleCount">How many thumbnails to show at most.</param>
    public static DatasetReportFigures Collect(string folder, string location, int sampleCount)
    {
        var collector = new ReportCollector(folder, sampleCount);
        var shards = DatasetReader.CompleteShardStatistics(folder);
        foreach (var (shard, stats) in shards)
        {
            collector.Add(shard, stats);
        }
        return collector.Complete(location, DatasetStatistics.Read(folder, shards));
    }

    /// <summary>
    /// One complete shard, in name order: its stats, its metadata rows, then its images (their stored sizes, and the
    /// thumbnails of its samples chosen so far), which need to be in the folder only during this call.
    /// </summary>
    public void Add(string shard, ShardStatistics stats)
    {
        format ??= DatasetReader.FormatOf(folder, [shard]);
        (started, ended) = (Math.Min(started, stats.StartTime), Math.Max(ended, stats.EndTime));
        shardFigures.Add(new ShardFigure(shard, ShardFigure.Complete, stats.Count, stats.Successes, stats.FailedToDownload, stats.FailedToResize, stats.Removed));
        ReadShard(shard, format.Value);
    }

    /// <param name="location">The dataset as the user named it, shown in the report.</param>
    /// <param name="datasetStatistics">The dataset's statistics: a local folder's, or a remote dataset's as its store lists
    /// them (with the missing and incomplete shards its local copy cannot show).</param>
    public DatasetReportFigures Complete(string location, DatasetStatistics datasetStatistics)
    {
        var statistics = datasetStatistics with { Path = location };
        var plan = ReadPlan(folder);
        var listed = statistics.MissingShards.Except(statistics.IncompleteShards).Select(n => new ShardFigure(n, ShardFigure.Missing, 0, 0, 0, 0, 0))
            .Concat(statistics.IncompleteShards.Select(n => new ShardFigure(n, ShardFigure.Incomplete, 0, 0, 0, 0, 0)))
            .Concat(shardFigures)
            .ToList();
        return new DatasetReportFigures
        {
            Location = location,
            Statistics = statistics,
            Format = format ?? OutputFormat.Dummy,
            Options = ReadOptions(folder),
            WrittenBy = plan?.WrittenBy,
            Started = started <= ended ? DateTimeOffset.FromUnixTimeMilliseconds((long)(started * 1000)) : null,
            Ended = started <= ended ? DateTimeOffset.FromUnixTimeMilliseconds((long)(ended * 1000)) : null,
            Workers = plan is { WorkerCount: > 1 } ? Workers(plan, statistics) : [],
            Outcomes = outcomes.OrderByDescending(o => o.Value).ThenBy(o => o.Key, StringComparer.Ordinal).Select(o => (o.Key, o.Value)).ToList(),
            TopErrors = errors.Values.OrderByDescending(e => e.Count).ThenBy(e => e.Message, StringComparer.Ordinal).Take(TopCount).ToList(),
            ErrorMessages = errorMessages,
            Signals = signals.Values.OrderByDescending(s => s.Refused + s.Marked).ThenBy(s => s.Name, StringComparer.Ordinal).ToList(),
            ConsentHosts = consentHosts.Values.OrderByDescending(h => h.Refused).ThenBy(h => h.Name, StringComparer.Ordinal).Take(TopCount).ToList(),
            Hosts = Top(hosts.Values, h => h.Rows),
            FailingHosts = Top(hosts.Values.Where(h => h.Failures > 0), h => h.Failures),
            HostCount = hosts.Count,
            Histograms = [originalWidth, originalHeight, width, height, aspect, storedBytes],
            Shards = listed.Take(MaxShardRows).ToList(),
            ShardsNotListed = Math.Max(0, listed.Count - MaxShardRows),
            Thumbnails = sampleCount == 0 ? [] : thumbnails.Make(chooser.Chosen()),
            SamplesRequested = sampleCount,
        };
    }

    private void ReadShard(string shard, OutputFormat shardFormat)
    {
        var metadata = Path.Combine(folder, shard + ".parquet");
        if (File.Exists(metadata))
        {
            foreach (var row in DatasetReader.ReadShardMetadata(folder, shard))
            {
                Count(shard, row);
            }
        }
        if (shardFormat == OutputFormat.Dummy)
        {
            return;
        }
        foreach (var size in DatasetReader.ImageSizes(folder, shard, shardFormat))
        {
            storedBytes.Add(size);
        }
        thumbnails.Take(folder, shard, shardFormat, chooser.ChosenIn(shard));
        if (thumbnails.Count > sampleCount)
        {
            // Some were displaced by this shard's samples: at most the chosen count and one shard's are held.
            thumbnails.Keep(chooser.Chosen());
        }
    }

    private void Count(string shard, Dictionary<string, object?> row)
    {
        var status = row.GetValueOrDefault("status") as string ?? SampleStatus.FailedToDownload;
        var url = row.GetValueOrDefault("url") as string ?? "";
        var host = Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? uri.Host : "(not a URL)";
        var (evidence, signal) = RowEvidence.Of(row);
        var success = status == SampleStatus.Success;
        var removed = status == SampleStatus.Removed;
        var refused = signal is not null && !success && !removed;
        var failed = !success && !refused && !removed;
        Tally(outcomes, success ? "success" : refused ? "opt-out: " + signal : status);
        var hostFigure = hosts[host];
        hostFigure.Rows++;
        hostFigure.Successes += success ? 1 : 0;
        hostFigure.Refusals += refused ? 1 : 0;
        hostFigure.Failures += failed ? 1 : 0;
        if (signal is not null)
        {
            CountSignal(signal, host, evidence!, url, refused, success);
        }
        if (success)
        {
            CountSuccess(shard, row);
        }
        else if (failed && row.GetValueOrDefault("error_message") is string message)
        {
            var error = errors[Output.ErrorTally.KeyOf(message)];
            error.Count++;
            error.ExampleUrl ??= url;
            errorMessages++;
        }
    }

    private void CountSignal(string signal, string host, string evidence, string url, bool refused, bool success)
    {
        var figure = signals[signal];
        figure.Refused += refused ? 1 : 0;
        figure.Marked += success ? 1 : 0;
        figure.ExampleEvidence ??= evidence;
        figure.ExampleUrl ??= url;
        if (!refused)
        {
            return;
        }
        var byHost = consentHosts[host];
        byHost.Refused++;
        byHost.BySignal[signal] = byHost.BySignal.GetValueOrDefault(signal) + 1;
        byHost.ExampleEvidence ??= evidence;
        byHost.ExampleUrl ??= url;
    }

    private void CountSuccess(string shard, Dictionary<string, object?> row)
    {
        var (ow, oh) = (Number(row, "original_width"), Number(row, "original_height"));
        AddIf(originalWidth, ow);
        AddIf(originalHeight, oh);
        AddIf(width, Number(row, "width"));
        AddIf(height, Number(row, "height"));
        if (ow > 0 && oh > 0)
        {
            aspect.Add(ow.Value / oh.Value);
        }
        chooser.Offer(shard, row.GetValueOrDefault("key") as string ?? "", row.GetValueOrDefault("caption") as string);
    }

    private static List<HostFigure> Top(IEnumerable<HostFigure> hosts, Func<HostFigure, long> by) =>
        hosts.OrderByDescending(by).ThenBy(h => h.Host, StringComparer.Ordinal).Take(TopCount).ToList();

    private static void AddIf(Histogram histogram, double? value)
    {
        if (value is { } v)
        {
            histogram.Add(v);
        }
    }

    private static double? Number(Dictionary<string, object?> row, string column) =>
        row.GetValueOrDefault(column) is IConvertible value and not string ? value.ToDouble(CultureInfo.InvariantCulture) : null;

    private static void Tally(Dictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private static DatasetPlan? ReadPlan(string folder)
    {
        var path = Path.Combine(OutputFolderLayout.StateFolder(folder), DatasetPlan.FileName);
        return File.Exists(path) ? DatasetPlan.Parse(File.ReadAllText(path)) : null;
    }

    /// <summary>The dataset's recorded options as text, by name; nulls (defaults left unset) left out.</summary>
    private static IReadOnlyList<KeyValuePair<string, string>> ReadOptions(string folder)
    {
        var path = JobConfiguration.PathIn(folder);
        if (!File.Exists(path))
        {
            return [];
        }
        try
        {
            using var stream = FileSharing.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            return document.RootElement.EnumerateObject()
                .Where(p => p.Value.ValueKind != JsonValueKind.Null)
                .Select(p => KeyValuePair.Create(p.Name, OptionText(p.Value)))
                .ToList();
        }
        catch (JsonException)
        {
            return [KeyValuePair.Create("config.json", "not readable as JSON")];
        }
    }

    private static string OptionText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(OptionText)),
        _ => value.GetRawText(),
    };

    private static IReadOnlyList<WorkerFigure> Workers(DatasetPlan plan, DatasetStatistics statistics)
    {
        var missingIds = statistics.MissingShards.Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToHashSet();
        return Enumerable.Range(0, plan.WorkerCount).Select(index =>
        {
            var planned = plan.Shards.Where(id => id % plan.WorkerCount == index).ToList();
            var absent = statistics.MissingShards.Where(n => int.Parse(n, CultureInfo.InvariantCulture) % plan.WorkerCount == index).ToList();
            return new WorkerFigure(index, planned.Count, planned.Count(id => !missingIds.Contains(id)), absent);
        }).ToList();
    }
}
