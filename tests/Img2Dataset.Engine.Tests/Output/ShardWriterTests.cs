using System.Buffers.Binary;
using System.Formats.Tar;
using System.Text.Json;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Output;
using Parquet;
using Parquet.Schema;

namespace Img2Dataset.Engine.Tests.Output;

public sealed class ShardWriterTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void WebDatasetTarsGroupEntriesByKeyInSortedExtensionOrder()
    {
        var summaries = Write(OutputFormat.WebDataset, samplesPerShard: 4, total: 6);

        Assert.Equal(["00000", "00001"], summaries.Select(s => s.Name));
        using var reader = new TarReader(File.OpenRead(folder.File("00000.tar")));
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry() is { } entry)
        {
            entries.Add(entry);
        }
        // Rows 0, 2 and 3 of shard 0 succeed (row 1 is refused): jpg, json, txt each; keys have 1 + 5 digits.
        Assert.Equal(["000000.jpg", "000000.json", "000000.txt", "000002.jpg", "000002.json", "000002.txt", "000003.jpg", "000003.json", "000003.txt"],
            entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.Equal(TarEntryFormat.Ustar, e.Format));
        Assert.All(entries, e => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, e.Mode));
        var json = JsonDocument.Parse(ReadEntry(entries[1])).RootElement;
        Assert.Equal(["similarity", "caption", "url", "key", "status", "error_message", "width", "height", "original_width", "original_height", "exif", "sha256", "opt_out"],
            json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("caption 0", System.Text.Encoding.UTF8.GetString(ReadEntry(entries[2])));
    }

    [Fact]
    public async Task MetadataParquetHasEveryRowWithTypedColumnsInTheReferenceOrder()
    {
        Write(OutputFormat.WebDataset, samplesPerShard: 10, total: 10);

        await using var stream = File.OpenRead(folder.File("00000.parquet"));
        await using var reader = await ParquetReader.CreateAsync(stream);
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(["similarity", "caption", "url", "key", "status", "error_message", "width", "height", "original_width", "original_height", "exif", "sha256", "opt_out"],
            fields.Select(f => f.Name));
        Assert.Equal(typeof(int), fields.Single(f => f.Name == "width").ClrType);
        var rows = new List<(string? Key, string? Status, string? Error, string? OptOut)>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = (int)group.RowCount;
            async Task<string?[]> Read(string name)
            {
                var values = new string?[count];
                await group.ReadAsync(fields.Single(f => f.Name == name), values.AsMemory());
                return values;
            }
            var (keys, statuses, errors, optOuts) = (await Read("key"), await Read("status"), await Read("error_message"), await Read("opt_out"));
            rows.AddRange(Enumerable.Range(0, count).Select(i => (keys[i], statuses[i], errors[i], optOuts[i])));
        }
        Assert.Equal(10, rows.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString("D6")), rows.Select(r => r.Key));
        Assert.Equal((SampleStatus.FailedToDownload, "Use of image disallowed by X-Robots-Tag directive", """{"signal":"XRobotsTag","matched":["noai"],"source":null}"""), (rows[1].Status, rows[1].Error, rows[1].OptOut));
        Assert.Equal((SampleStatus.FailedToResize, "image too small", null), (rows[9].Status, rows[9].Error, rows[9].OptOut));
    }

    [Fact]
    public void StatsAreWrittenLastWithTheReferenceFieldsThenTheCommit()
    {
        Write(OutputFormat.Files, samplesPerShard: 10, total: 10);

        var stats = JsonDocument.Parse(File.ReadAllText(folder.File("00000_stats.json"))).RootElement;
        Assert.Equal(["count", "successes", "failed_to_download", "failed_to_resize", "duration", "start_time", "end_time", "status_dict", "commit"],
            stats.EnumerateObject().Select(p => p.Name));
        var committed = stats.GetProperty("commit").GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("name").GetString()).ToList();
        Assert.Equal(["00000/", "00000.parquet"], committed);
        Assert.Equal(Directory.EnumerateFiles(folder.File("00000")).Count(), stats.GetProperty("commit").GetProperty("objects")[0].GetProperty("files").GetInt32());
        Assert.Equal(10, stats.GetProperty("count").GetInt32());
        Assert.Equal(3, stats.GetProperty("failed_to_download").GetInt32());
        Assert.Equal(1, stats.GetProperty("failed_to_resize").GetInt32());
        Assert.Equal(6, stats.GetProperty("successes").GetInt32());
        Assert.Equal(6, stats.GetProperty("status_dict").GetProperty("success").GetInt32());
        Assert.Equal(3, stats.GetProperty("status_dict").GetProperty("Use of image disallowed by X-Robots-Tag directive").GetInt32());
        Assert.Equal(1, stats.GetProperty("status_dict").GetProperty("image too small").GetInt32());
    }

    [Fact]
    public void FilesLayoutHasImageCaptionAndJsonPerSuccess()
    {
        Write(OutputFormat.Files, samplesPerShard: 10, total: 5);

        Assert.Equal(["000000.jpg", "000000.json", "000000.txt", "000002.jpg", "000002.json", "000002.txt", "000003.jpg", "000003.json", "000003.txt"],
            Directory.GetFiles(folder.File("00000")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(folder.File("00000.parquet")));
    }

    [Fact]
    public void ParquetOutputHoldsImagesInAColumnNamedAfterTheFormat()
    {
        Write(OutputFormat.Parquet, samplesPerShard: 10, total: 5);

        var rows = DatasetReader.ReadMetadata(folder.File("00000.parquet")).ToList();
        Assert.Equal(5, rows.Count);
        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF, 0 }, rows[0]["jpg"]);
        Assert.Null(rows[1].GetValueOrDefault("jpg"));
        Assert.Equal("failed_to_download", rows[1]["status"]);
        Assert.Equal(["00000.parquet", "00000_stats.json"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TfRecordFramesCarryValidCrcsAndTheExampleFeatures()
    {
        Write(OutputFormat.TFRecord, samplesPerShard: 10, total: 4);

        var bytes = File.ReadAllBytes(folder.File("00000.tfrecord"));
        var records = new List<byte[]>();
        for (var at = 0; at < bytes.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at));
            Assert.Equal(Mask(BitwiseCrc32C(bytes.AsSpan(at, 8))), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8)));
            var data = bytes.AsSpan(at + 12, length);
            Assert.Equal(Mask(BitwiseCrc32C(data)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + length)));
            records.Add(data.ToArray());
            at += 16 + length;
        }
        Assert.Equal(3, records.Count);
        var features = TfExample.Decode(records[0]);
        Assert.Equal("000000"u8.ToArray(), features["key"]);
        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF, 0 }, features["jpg"]);
        Assert.Equal("caption 0"u8.ToArray(), features["txt"]);
        Assert.Equal(256L, features["width"]);
        Assert.Equal("success"u8.ToArray(), features["status"]);
    }

    [Fact]
    public void TheCrcIsCastagnoli() => Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));

    [Fact]
    public void DummyWritesOnlyStats()
    {
        Write(OutputFormat.Dummy, samplesPerShard: 10, total: 5);
        Assert.Equal(["00000_stats.json"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(OutputFormat.Files)]
    [InlineData(OutputFormat.WebDataset)]
    [InlineData(OutputFormat.Parquet)]
    [InlineData(OutputFormat.TFRecord)]
    public void AnInterruptedShardLeavesNothingThatLooksFinished(OutputFormat format)
    {
        var layout = Samples.Layout(10);
        using (var writer = new ShardWriter(folder.Path, format, 0, Samples.Make(layout, 0)))
        {
            writer.Add(Samples.Make(layout, 0));
            writer.Add(Samples.Make(layout, 2));
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Theory]
    [InlineData(OutputFormat.Files)]
    [InlineData(OutputFormat.WebDataset)]
    [InlineData(OutputFormat.Parquet)]
    [InlineData(OutputFormat.TFRecord)]
    public void OfTwoWritersOfOneShardTheFirstToCommitStandsAndTheOtherRemovesItsFiles(OutputFormat format)
    {
        var layout = Samples.Layout(3);
        using var first = new ShardWriter(folder.Path, format, 0, Samples.Make(layout, 0));
        using var second = new ShardWriter(folder.Path, format, 0, Samples.Make(layout, 0));
        foreach (var i in new[] { 0, 1, 2 })
        {
            first.Add(Samples.Make(layout, i));
        }
        foreach (var i in new[] { 2, 0 })
        {
            second.Add(Samples.Make(layout, i));
        }

        var won = first.Complete();
        var lost = second.Complete();

        Assert.False(won.WrittenByAnother);
        Assert.True(lost.WrittenByAnother);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path, "*" + ShardAttempt.Suffix));
        Assert.Equal(["00000"], DatasetReader.CompleteShards(folder.Path));
        Assert.Equal(3, DatasetStatistics.Read(folder.Path).Count);
    }

    [Fact]
    public void ManyWritersOfOneShardAtOnceLeaveOneCommitAndItsFiles()
    {
        var layout = Samples.Layout(4);
        var summaries = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8).Select(_ =>
        {
            using var writer = new ShardWriter(folder.Path, OutputFormat.WebDataset, 0, Samples.Make(layout, 0));
            foreach (var i in Enumerable.Range(0, 4))
            {
                writer.Add(Samples.Make(layout, i));
            }
            return writer.Complete();
        }).ToList();

        Assert.Single(summaries, s => !s.WrittenByAnother);
        Assert.Equal(["00000"], DatasetReader.CompleteShards(folder.Path));
        var commit = ShardStatistics.Parse(folder.File("00000_stats.json")).Commit!;
        Assert.Equal(new FileInfo(folder.File("00000.tar")).Length, commit.Objects.Single(o => o.Name == "00000.tar").Size);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path, "*" + ShardAttempt.Suffix));
    }

    [Fact]
    public void AShardWhoseFilesAreNotAsItsCommitStatesIsNotComplete()
    {
        Write(OutputFormat.WebDataset, samplesPerShard: 2, total: 4);
        File.WriteAllText(folder.File("00001.tar"), "another writer's bytes");

        Assert.Equal(["00000"], DatasetReader.CompleteShards(folder.Path));
        var statistics = DatasetStatistics.Read(folder.Path);
        Assert.Equal(1, statistics.Shards);
        Assert.Equal(["00001"], statistics.IncompleteShards);
    }

    [Fact]
    public void ReplacingAShardCommitsAfresh()
    {
        Write(OutputFormat.WebDataset, samplesPerShard: 2, total: 2);
        var before = ShardStatistics.Parse(folder.File("00000_stats.json")).Commit!.Attempt;
        var layout = Samples.Layout(2);
        using var replacing = new ShardWriter(folder.Path, OutputFormat.WebDataset, 0, Samples.Make(layout, 0), replace: true);
        replacing.Add(Samples.Make(layout, 0));
        replacing.Add(Samples.Make(layout, 1));

        Assert.False(replacing.Complete().WrittenByAnother);
        Assert.NotEqual(before, ShardStatistics.Parse(folder.File("00000_stats.json")).Commit!.Attempt);
        Assert.Equal(["00000"], DatasetReader.CompleteShards(folder.Path));
    }

    [Fact]
    public void TheAssemblerClosesFullShardsAsTheyFillAndTheRestAtTheEnd()
    {
        var layout = Samples.Layout(3);
        using var assembler = new ShardAssembler(folder.Path, OutputFormat.WebDataset);

        var closed = new[] { 4, 0, 6, 2, 1, 5, 3 }.Select(i => assembler.Add(Samples.Make(layout, i))).ToList();
        var rest = assembler.CompleteAll();

        Assert.Equal([null, null, null, null, "00000", null, "00001"], closed.Select(c => c?.Name));
        Assert.Equal(["00002"], rest.Select(r => r.Name));
        Assert.Equal([3, 3, 1], closed.OfType<ShardSummary>().Concat(rest).Select(s => s.Count));
    }

    [Fact]
    public void TheAssemblerAsksBeforeReplacingAShard()
    {
        Write(OutputFormat.WebDataset, samplesPerShard: 2, total: 4);
        var asked = new List<ShardTarget>();
        using var assembler = new ShardAssembler(folder.Path, OutputFormat.WebDataset, target =>
        {
            asked.Add(target);
            return target.ShardId == 1;
        });
        var layout = Samples.Layout(2);

        var results = Enumerable.Range(0, 4).Select(i => assembler.Add(Samples.Make(layout, i))).ToList();

        Assert.Equal([(0, true), (1, true)], asked.Select(a => (a.ShardId, a.Exists)));
        Assert.Equal([null, null, null, "00001"], results.Select(r => r?.Name));
    }

    [Fact]
    public void TheReaderReadsEveryFormatBack()
    {
        foreach (var format in new[] { OutputFormat.Files, OutputFormat.WebDataset, OutputFormat.Parquet, OutputFormat.TFRecord })
        {
            using var output = new TempFolder();
            using (var assembler = new ShardAssembler(output.Path, format))
            {
                var layout = Samples.Layout(4);
                foreach (var i in Enumerable.Range(0, 6))
                {
                    assembler.Add(Samples.Make(layout, i));
                }
                assembler.CompleteAll();
            }

            var samples = DatasetReader.Read(output.Path).Where(s => s.Image is not null).ToList();

            Assert.Equal(format, DatasetReader.DetectFormat(output.Path));
            Assert.Equal(["000000", "000002", "000003", "000011"], samples.Select(s => s.Key));
            Assert.Equal(["caption 0", "caption 2", "caption 3", "caption 5"], samples.Select(s => s.Caption));
            Assert.All(samples, s => Assert.Equal("jpg", s.ImageFormat));
            var statistics = DatasetStatistics.Read(output.Path);
            Assert.Equal((2, 6, 4, 2), (statistics.Shards, statistics.Count, statistics.Successes, statistics.FailedToDownload));
        }
    }

    private List<ShardSummary> Write(OutputFormat format, int samplesPerShard, int total)
    {
        var layout = Samples.Layout(samplesPerShard);
        using var assembler = new ShardAssembler(folder.Path, format);
        var summaries = Enumerable.Range(0, total).Select(i => assembler.Add(Samples.Make(layout, i))).OfType<ShardSummary>().ToList();
        summaries.AddRange(assembler.CompleteAll());
        return summaries;
    }

    private static byte[] ReadEntry(TarEntry entry)
    {
        using var data = new MemoryStream();
        entry.DataStream!.CopyTo(data);
        return data.ToArray();
    }

    /// <summary>An independent, table-free CRC-32C to check the writer's.</summary>
    private static uint BitwiseCrc32C(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }
        return ~crc;
    }

    private static uint Mask(uint crc) => ((crc >> 15) | (crc << 17)) + 0xA282EAD8u;
}
