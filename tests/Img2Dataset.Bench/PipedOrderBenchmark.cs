using System.Diagnostics;
using Img2Dataset.Engine.Input;

namespace Img2Dataset.Bench;

/// <summary>
/// The spool of N piped rows put back in key order, as Invoke-Img2Dataset does for rows an audit passed on as its
/// requests completed: every row within a few hundred places of its own, as a parallel audit leaves them (each
/// caption-sized row with its place), and the whole spool reversed, the worst order. Reports the time and the peak
/// working set, which must not grow with N.
/// </summary>
internal static class PipedOrderBenchmark
{
    private const int SamplesPerShard = 10_000;

    public static int Run(int rows, string workFolder)
    {
        Directory.CreateDirectory(workFolder);
        var spool = Path.Combine(workFolder, JsonLinesSpool.PipelineFileName);
        var rowsPlaced = new PlainUrlRows(SamplesPerShard);
        foreach (var (label, order) in new (string, Func<int, long>)[] { ("audit-like", i => i + (i * 7919L % 512)), ("reversed", i => -i) })
        {
            using (var writer = new JsonLinesSpool(spool))
            {
                foreach (var i in Enumerable.Range(0, rows).OrderBy(order))
                {
                    var row = rowsPlaced.Next($"https://example.com/images/{i}.jpg") with { ShardId = i / SamplesPerShard, Index = i % SamplesPerShard, Key = $"{i:000000000}" };
                    writer.Add([KeyValuePair.Create("url", (object?)row.Url), KeyValuePair.Create("caption", (object?)$"a photograph, number {i}"),
                        KeyValuePair.Create(PipedPosition.Column, (object?)PipedPosition.Of(row))]);
                }
                writer.Complete();
            }
            using var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var kept = PipedRowOrder.Arrange(spool, onlyList: true);
            process.Refresh();
            Console.WriteLine($"piped rows put in key order, {label}: {rows:N0} rows ({new FileInfo(spool).Length / (1024.0 * 1024):N0} MB) in {clock.Elapsed.TotalSeconds:N1} s, " +
                              $"{(process.TotalProcessorTime - cpu).TotalSeconds:N1} s CPU, keys kept: {kept}, peak working set {process.PeakWorkingSet64 / (1024.0 * 1024):N0} MB");
        }
        File.Delete(spool);
        return 0;
    }
}
