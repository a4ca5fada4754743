using System.Text;
using System.Text.Json;
using Parquet;
using Parquet.Serialization;

namespace Img2Dataset.Engine.Tests.Input;

/// <summary>Writes the same small list in any input format, the way the reference's own fixtures do.</summary>
internal static class InputFiles
{
    public static (string Url, string Caption)[] Rows(int count, string prefix = "http://127.0.0.1/images/64x64/") =>
        Enumerable.Range(0, count).Select(i => ($"{prefix}{i}.jpg", i == 0 ? "" : $"caption {i}")).ToArray();

    public static string Write(TempFolder folder, string format, IReadOnlyList<(string Url, string Caption)> rows, string name = "list")
    {
        var fileName = $"{name}.{format}";
        var kind = format.Replace(".gz", "", StringComparison.Ordinal);
        if (kind == "parquet")
        {
            var records = rows.Select(r => new ParquetRecord { url = r.Url, caption = r.Caption }).ToList();
            ParquetSerializer.SerializeAsync(records, folder.File(fileName), new ParquetOptions { RowGroupSize = 2 })
                .GetAwaiter().GetResult();
            return folder.File(fileName);
        }
        return folder.Write(fileName, kind switch
        {
            "txt" => string.Concat(rows.Select(r => r.Url + "\n")),
            "csv" => "url,caption\n" + string.Concat(rows.Select(r => $"{r.Url},\"{r.Caption.Replace("\"", "\"\"")}\"\n")),
            "tsv" => "url\tcaption\n" + string.Concat(rows.Select(r => $"{r.Url}\t{r.Caption}\n")),
            "json" => JsonSerializer.Serialize(rows.Select(r => new { url = r.Url, caption = r.Caption })),
            "jsonl" => string.Concat(rows.Select(r => JsonSerializer.Serialize(new { url = r.Url, caption = r.Caption }) + "\n")),
            _ => throw new ArgumentException(format),
        });
    }

    public static string WriteParquet<T>(TempFolder folder, string name, IEnumerable<T> records, int rowGroupSize)
    {
        ParquetSerializer.SerializeAsync(records, folder.File(name), new ParquetOptions { RowGroupSize = rowGroupSize })
            .GetAwaiter().GetResult();
        return folder.File(name);
    }

    public static int RowGroupCount(string path)
    {
        using var stream = File.OpenRead(path);
        var reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
        var count = reader.RowGroupCount;
        reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return count;
    }

#pragma warning disable IDE1006 // Column names as img2dataset users write them.
    internal sealed class ParquetRecord
    {
        public string? url { get; set; }
        public string? caption { get; set; }
    }

    internal sealed class BoxRecord
    {
        public string? url { get; set; }
        public List<List<double>>? bboxes { get; set; }
        public long similarity { get; set; }
    }
#pragma warning restore IDE1006
}
