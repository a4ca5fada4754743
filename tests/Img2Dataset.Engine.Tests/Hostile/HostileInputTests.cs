using System.Text;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Tests.Input;

namespace Img2Dataset.Engine.Tests.Hostile;

/// <summary>Malformed and oversized input files: a bad row is that row's error, with its file and line, and keys do not shift.</summary>
public sealed class HostileInputTests : IDisposable
{
    private static readonly string Huge = new('x', InputText.MaxRecordLength + 1);
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("txt", "line")]
    [InlineData("jsonl", "line")]
    [InlineData("csv", "record")]
    [InlineData("tsv", "record")]
    public void ARecordOverTheLimitIsABadRowAndTheNextRowsFollow(string format, string what)
    {
        var rows = format switch
        {
            "txt" => $"http://a/1.jpg\nhttp://a/{Huge}\nhttp://a/3.jpg\n",
            "jsonl" => $"{{\"url\": \"http://a/1.jpg\"}}\n{{\"url\": \"http://a/2.jpg\", \"caption\": \"{Huge}\"}}\n{{\"url\": \"http://a/3.jpg\"}}\n",
            "csv" => $"url,caption\nhttp://a/1.jpg,a\nhttp://a/2.jpg,\"{Huge}\nwith\nlines\"\nhttp://a/3.jpg,c\n",
            _ => $"url\tcaption\nhttp://a/1.jpg\ta\nhttp://a/2.jpg\t{Huge}\nhttp://a/3.jpg\tc\n",
        };
        var path = folder.Write("list." + format, rows);

        var read = new UrlListReader(new UrlListOptions()).Read(path).ToList();

        Assert.Equal(["http://a/1.jpg", "", "http://a/3.jpg"], read.Select(r => r.Url));
        Assert.Equal(["000000000", "000000001", "000000002"], read.Select(r => r.Key));
        var badLine = format == "txt" || format == "jsonl" ? 2 : 3;
        Assert.Equal($"{path}, line {badLine}: {what} longer than {InputText.MaxRecordLength} characters", read[1].InputError);
        Assert.Equal(format == "csv" ? 6 : badLine + 1, read[2].SourceLine);
    }

    [Fact]
    public void AValueOverTheLimitInAParquetFileIsABadRow()
    {
        var path = InputFiles.WriteParquet(folder, "long.parquet", new[] { new { url = "http://a/1.jpg", caption = Huge }, new { url = "http://a/2.jpg", caption = "ok" } }, 10);

        var read = new UrlListReader(new UrlListOptions { CaptionColumn = "caption" }).Read(path).ToList();

        Assert.Equal($"{path}, record 1: column 'caption' longer than {InputText.MaxRecordLength} characters", read[0].InputError);
        Assert.Null(read[0].Caption);
        Assert.Null(read[1].InputError);
    }

    [Theory]
    [InlineData("txt")]
    [InlineData("jsonl")]
    [InlineData("csv")]
    public void InvalidUtf8IsABadRowNotAnAlteredUrl(string format)
    {
        var header = format == "csv" ? "url\n"u8.ToArray() : [];
        var bad = format == "jsonl" ? Encoding.UTF8.GetBytes("{\"url\": \"http://a/caf\u00e9") : Encoding.UTF8.GetBytes("http://a/caf");
        var path = folder.File("bad." + format);
        File.WriteAllBytes(path, [.. header, .. Encoding.UTF8.GetBytes(format == "jsonl" ? "{\"url\": \"http://a/1.jpg\"}\n" : "http://a/1.jpg\n"),
            .. bad, 0xE9, 0xFF, .. Encoding.UTF8.GetBytes(format == "jsonl" ? ".jpg\"}\n" : ".jpg\n"), .. Encoding.UTF8.GetBytes(format == "jsonl" ? "{\"url\": \"http://a/3.jpg\"}\n" : "http://a/3.jpg\n")]);

        var read = new UrlListReader(new UrlListOptions()).Read(path).ToList();

        Assert.Equal(3, read.Count);
        Assert.Null(read[0].InputError);
        Assert.Contains("invalid UTF-8", read[1].InputError);
        Assert.StartsWith($"{path}, line {(format == "csv" ? 3 : 2)}: ", read[1].InputError);
        Assert.Equal("http://a/3.jpg", read[2].Url);
    }

    [Fact]
    public void ValidTextOutsideTheBasicPlaneIsNotMistakenForInvalidUtf8()
    {
        var path = folder.Write("emoji.txt", "http://a/\U0001F600.jpg\n", byteOrderMark: true);

        var row = new UrlListReader(new UrlListOptions()).Read(path).Single();

        Assert.Equal((null, "http://a/\U0001F600.jpg"), (row.InputError, row.Url));
    }

    [Fact]
    public void ACorruptParquetPageNamesTheFile()
    {
        var path = InputFiles.WriteParquet(folder, "corrupt.parquet", Enumerable.Range(0, 50).Select(i => new { url = $"http://a/{i}.jpg" }), 10);
        var bytes = File.ReadAllBytes(path);
        // Past the first row group's header, before the footer: the data pages of the later row groups.
        for (var i = bytes.Length / 2; i < bytes.Length / 2 + 40; i++)
        {
            bytes[i] ^= 0x5A;
        }
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<UrlListException>(() => new UrlListReader(new UrlListOptions()).Read(path).ToList());

        Assert.Contains(path, error.Message);
        Assert.Equal(UrlListErrorKind.Malformed, error.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    public void AnEmptyJsonFileSaysItIsEmpty(string text)
    {
        var path = folder.Write("empty.json", text);

        var error = Assert.Throws<UrlListException>(() => new UrlListReader(new UrlListOptions()).Read(path).ToList());

        Assert.Equal($"{path} is empty: expected a JSON array of records ([{{...}}, ...]) or an object of columns ({{\"url\": {{\"0\": ...}}, ...}}).", error.Message);
    }

    [Theory]
    [InlineData("jsonl", "{\"url\": \"http://a/1.jpg\"}\n{\"url\": \"http://a/2.jpg\", \"caption\": \"smile \\ud83d\"}\n{\"url\": \"http://a/3.jpg\"}\n", "line 2")]
    [InlineData("json", "[{\"url\": \"http://a/1.jpg\"},\n{\"url\": \"http://a/2.jpg\", \"caption\": \"smile \\ud83d\"},\n{\"url\": \"http://a/3.jpg\"}]", "record 2")]
    public void ALoneSurrogateInACaptionIsARowErrorThatKeepsTheUrl(string format, string text, string where)
    {
        var path = folder.Write("surrogate." + format, text);

        var read = new UrlListReader(new UrlListOptions { CaptionColumn = "caption" }).Read(path).ToList();

        Assert.Equal(3, read.Count);
        Assert.Equal("http://a/2.jpg", read[1].Url);
        Assert.Equal($"{path}, {where}: column 'caption' holds a lone UTF-16 surrogate escape, which is not text", read[1].InputError);
        Assert.Null(read[2].InputError);
    }

    [Fact]
    public void AGzippedListWithACorruptTrailerFailsNamingTheFileAfterItsGoodRows()
    {
        var path = folder.File("trailer.csv.gz");
        using (var file = File.Create(path))
        using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes("url\n" + string.Concat(Enumerable.Range(0, 200_000).Select(i => $"http://a/{i}.jpg\n"))));
        }
        var bytes = File.ReadAllBytes(path);
        bytes[^6] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        var read = new List<UrlRow>();

        var error = Assert.Throws<UrlListException>(() => read.AddRange(new UrlListReader(new UrlListOptions()).Read(path)));

        Assert.Equal(UrlListErrorKind.Malformed, error.Kind);
        Assert.StartsWith($"{path} cannot be read after line ", error.Message);
        Assert.NotEmpty(read);
    }

    [Fact]
    public void AParquetFileWithAGarbledFooterFailsNamingTheFile()
    {
        var path = InputFiles.Write(folder, "parquet", InputFiles.Rows(10));
        var bytes = File.ReadAllBytes(path);
        // The footer's metadata sits just before its length and the closing "PAR1": overwrite it with noise.
        var footerLength = BitConverter.ToInt32(bytes, bytes.Length - 8);
        new Random(3).NextBytes(bytes.AsSpan(bytes.Length - 8 - footerLength, footerLength));
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<UrlListException>(() => new UrlListReader(new UrlListOptions()).Read(path).ToList());

        Assert.Equal(UrlListErrorKind.Malformed, error.Kind);
        Assert.StartsWith($"{path} is not a readable parquet file: ", error.Message);
    }

    [Fact]
    public void AParquetRowGroupOverTheBoundIsRefusedNamingTheFileAndTheGroup()
    {
        var path = InputFiles.WriteParquet(folder, "big.parquet", Enumerable.Range(0, 20_000).Select(i => new { url = $"http://a/{i}.jpg", caption = $"caption {i}" }), 20_000);
        using var stream = File.OpenRead(path);

        var error = Assert.Throws<InvalidDataException>(() => Img2Dataset.Engine.Formats.ParquetColumns.Read(stream, ["url", "caption"], maxRowGroupBytes: 64 * 1024).ToList());

        Assert.StartsWith("row group 1 holds ", error.Message);
        Assert.Contains("more than the 0.1 MiB one row group may take; write the list with smaller row groups", error.Message);
    }
}
