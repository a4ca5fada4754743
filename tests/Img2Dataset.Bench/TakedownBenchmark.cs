using System.Diagnostics;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Maintenance;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.Bench;

/// <summary>
/// A takedown at scale: a dataset of N samples (parquet output format, shards of 10,000, 200-byte images) and a
/// takedown list of N URLs, half of them in the dataset (every other sample), half not; reports how long reading the
/// list and rewriting every shard take, and the peak working set of this process, which must not grow with N.
/// </summary>
internal static class TakedownBenchmark
{
    private const int SamplesPerShard = 10_000;

    public static async Task<int> RunAsync(int rows, string workFolder)
    {
        var folder = Path.Combine(workFolder, $"takedown-{rows}");
        var list = Path.Combine(workFolder, $"takedown-{rows}.txt");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        var clock = Stopwatch.StartNew();
        WriteDataset(folder, rows);
        await File.WriteAllLinesAsync(list, Enumerable.Range(0, rows).Select(i => i % 2 == 0 ? Url(i) : $"https://elsewhere.example/{i}.jpg"));
        Console.WriteLine($"takedown: built {rows:N0} samples and a list of {rows:N0} URLs in {clock.Elapsed.TotalSeconds:N1} s");
        using var process = Process.GetCurrentProcess();
        var started = process.TotalProcessorTime;
        clock.Restart();
        var takedown = new TakedownList();
        takedown.AddList(list, new UrlListOptions());
        var readList = clock.Elapsed;
        await using var session = await DatasetRewriteSession.OpenAsync(folder, null, _ => { }, CancellationToken.None);
        var run = await MaintenanceRun.StartAsync(session, MaintenanceRecord.Takedown, dryRun: false, CancellationToken.None);
        var at = DateTimeOffset.UtcNow;
        foreach (var shard in run.PendingShards)
        {
            var plan = await run.PlanAsync(shard, (shardRows, _) => Task.FromResult(ShardDecision.Of(shardRows.Select(r => takedown.Match(r, at)).OfType<SampleEdit>())), CancellationToken.None);
            await run.ApplyAsync(plan, purge: false, CancellationToken.None);
        }
        var summary = await run.FinishAsync(CancellationToken.None);
        process.Refresh();
        Console.WriteLine($"takedown of {takedown.Count:N0} listed URLs from {rows:N0} samples: list read in {readList.TotalSeconds:N1} s, " +
                          $"{summary.SamplesRemoved:N0} removed from {summary.ShardsRewritten} shards in {clock.Elapsed.TotalSeconds:N1} s, " +
                          $"{(process.TotalProcessorTime - started).TotalSeconds:N1} s CPU, peak working set {process.PeakWorkingSet64 / (1024.0 * 1024):N0} MB");
        Directory.Delete(folder, recursive: true);
        File.Delete(list);
        return summary.SamplesRemoved == (rows + 1) / 2 ? 0 : 1;
    }

    private static string Url(int i) => $"https://images.example/{i / 1000}/{i}.jpg";

    private static void WriteDataset(string folder, int rows)
    {
        var layout = new UrlListLayout(SamplesPerShard, 5, false, []);
        var image = new byte[200];
        new Random(5).NextBytes(image);
        using var assembler = new ShardAssembler(folder, OutputFormat.Parquet);
        for (var i = 0; i < rows; i++)
        {
            var row = GeneratedRows.At(layout, i, Url(i));
            var download = new DownloadedImage { Row = row, Status = SampleStatus.Success, Bytes = image, HashKind = HashKind.Sha256, Hash = $"{i:x64}" };
            assembler.Add(new DatasetSample { Download = download, Status = SampleStatus.Success, Bytes = image, Width = 8, Height = 8, OriginalWidth = 8, OriginalHeight = 8 });
        }
        assembler.CompleteAll().ToList();
    }
}
