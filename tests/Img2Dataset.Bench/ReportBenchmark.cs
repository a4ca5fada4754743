using System.Diagnostics;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Output;
using Img2Dataset.Engine.Policy;
using Img2Dataset.Engine.Reporting;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Img2Dataset.Bench;

/// <summary>
/// Export-DatasetReport at scale: a WebDataset of N rows (shards of 10,000; 80 % stored 64x48 JPEGs, the rest failures
/// and refusals of several kinds, from 50,000 hosts), then the report with its default 60 thumbnails; reports the time,
/// the peak working set of this process and the file's size, against the goals of under 30 s, 300 MB and 5 MB.
/// </summary>
internal static class ReportBenchmark
{
    private const int SamplesPerShard = 10_000;
    private const int Hosts = 50_000;

    public static int Run(int rows, string workFolder)
    {
        var folder = Path.Combine(workFolder, $"report-{rows}");
        var clock = Stopwatch.StartNew();
        if (!File.Exists(Path.Combine(folder, $"{(rows - 1) / SamplesPerShard:00000}_stats.json")))
        {
            WriteDataset(folder, rows);
            Console.WriteLine($"report: built a dataset of {rows:N0} rows in {clock.Elapsed.TotalSeconds:N1} s");
        }
        using var process = Process.GetCurrentProcess();
        var started = process.TotalProcessorTime;
        clock.Restart();
        var outFile = Path.Combine(workFolder, $"report-{rows}.html");
        var figures = DatasetReport.Write(folder, folder, outFile, DatasetReport.DefaultSampleCount);
        process.Refresh();
        var size = new FileInfo(outFile).Length;
        Console.WriteLine($"report of {figures.Statistics.Count:N0} rows in {figures.Statistics.Shards} shards, {figures.Thumbnails.Count} thumbnails: " +
                          $"{clock.Elapsed.TotalSeconds:N1} s, {(process.TotalProcessorTime - started).TotalSeconds:N1} s CPU, " +
                          $"peak working set {process.PeakWorkingSet64 / (1024.0 * 1024):N0} MB, file {size / 1024.0:N0} KB (goals: 30 s, 300 MB, 5 MB)");
        return figures.Statistics.Count == rows && size < 5 << 20 ? 0 : 1;
    }

    private static void WriteDataset(string folder, int rows)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        var layout = new UrlListLayout(SamplesPerShard, 5, true, []);
        var images = Enumerable.Range(0, 16).Select(Jpeg).ToArray();
        using var assembler = new ShardAssembler(folder, OutputFormat.WebDataset);
        for (var i = 0; i < rows; i++)
        {
            var row = GeneratedRows.At(layout, i, $"https://host{i % Hosts}.example/images/{i}.jpg", $"generated photo {i}");
            assembler.Add(Sample(row, i, images[i % images.Length]));
        }
        assembler.CompleteAll().ToList();
    }

    /// <summary>Row i's outcome: 80 % stored, then a 404, a timeout, an undecodable body, a noai header and a tdm-reservation.</summary>
    private static DatasetSample Sample(UrlRow row, int i, byte[] image)
    {
        var failed = (i % 20) switch
        {
            0 => (SampleStatus.FailedToDownload, "HTTP Error 404: Not Found", null),
            1 => (SampleStatus.FailedToDownload, "The operation was canceled after 10 s (timeout)", null),
            2 => (SampleStatus.FailedToResize, ImageTransformer.DecodingError, null),
            3 => (SampleStatus.FailedToDownload, OptOutDecision.XRobotsTagMessage, new OptOutDecision { Signal = OptOutSignal.XRobotsTag, MatchedDirectives = ["noai"], Source = row.Url }),
            _ when i % 100 == 4 => (SampleStatus.FailedToDownload, OptOutDecision.TdmReservationMessage, new OptOutDecision { Signal = OptOutSignal.TdmReservation, MatchedDirectives = ["tdm-reservation: 1"], Source = row.Url }),
            _ => ((string, string, OptOutDecision?)?)null,
        };
        if (failed is var (status, message, optOut))
        {
            var download = new DownloadedImage { Row = row, Status = status, ErrorMessage = message, OptOut = optOut };
            return new DatasetSample { Download = download, Status = status, ErrorMessage = message };
        }
        var stored = new DownloadedImage { Row = row, Status = SampleStatus.Success, Bytes = image, HashKind = HashKind.Sha256, Hash = $"{i:x64}" };
        return new DatasetSample { Download = stored, Status = SampleStatus.Success, Bytes = image, Width = 64, Height = 48, OriginalWidth = 640 + i % 1000, OriginalHeight = 480 };
    }

    private static byte[] Jpeg(int seed)
    {
        using var image = new Image<Rgb24>(64, 48, new Rgb24((byte)(seed * 16), (byte)(255 - seed * 16), 128));
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream);
        return stream.ToArray();
    }
}
