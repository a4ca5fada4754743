using System.Diagnostics;
using Img2Dataset.Engine.Input;

namespace Img2Dataset.Bench;

/// <summary>
/// Reader throughput and peak memory on a generated list: txt or csv by extension, or json, as pandas'
/// DataFrame.to_json() writes it by default (an object of columns, each mapping a row index to a value).
/// </summary>
internal static class UrlListBenchmark
{
    public static int Generate(int rows, string path)
    {
        using var writer = new StreamWriter(path);
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            WriteColumns(writer, rows);
            return 0;
        }
        var csv = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
        if (csv)
        {
            writer.WriteLine("url,caption,similarity");
        }
        for (var i = 0; i < rows; i++)
        {
            var url = Url(i);
            writer.WriteLine(csv ? $"{url},\"a photo, number {i}\",0.{i % 97:D2}" : url);
        }
        return 0;
    }

    /// <summary>{"url": {"0": …}, "caption": {…}, "similarity": {…}}, written column by column.</summary>
    private static void WriteColumns(StreamWriter writer, int rows)
    {
        var columns = new (string Name, Func<int, string> Value)[]
        {
            ("url", i => $"\"{Url(i)}\""),
            ("caption", i => $"\"a photo, number {i}\""),
            ("similarity", i => $"0.{i % 97:D2}"),
        };
        writer.Write('{');
        for (var c = 0; c < columns.Length; c++)
        {
            writer.Write($"{(c == 0 ? "" : ",")}\"{columns[c].Name}\":{{");
            for (var i = 0; i < rows; i++)
            {
                writer.Write($"{(i == 0 ? "" : ",")}\"{i}\":{columns[c].Value(i)}");
            }
            writer.Write('}');
        }
        writer.Write('}');
    }

    private static string Url(int i) => $"http://127.0.0.1:8080/images/512x384/{i % 5000}.jpg?row={i}";

    public static int Read(string path)
    {
        var csv = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        var reader = new UrlListReader(new UrlListOptions
        {
            CaptionColumn = csv ? "caption" : null,
            AdditionalColumns = csv ? ["similarity"] : [],
        });
        var clock = Stopwatch.StartNew();
        long rows = 0;
        foreach (var row in reader.Read(path))
        {
            rows += row.Key.Length > 0 ? 1 : 0;
        }
        clock.Stop();
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"reader {Path.GetExtension(path).TrimStart('.'),-4} {rows,10:N0} rows  {rows / clock.Elapsed.TotalSeconds,12:N0} rows/s  " +
                          $"peak working set {process.PeakWorkingSet64 / (1024.0 * 1024):N0} MB");
        return 0;
    }
}
