using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.Engine.Tests.Output;

/// <summary>
/// Rewriting a shard with samples removed or marked (<see cref="ShardRewrite"/>), in every output format, and what a
/// crash at each step leaves: the old shard, or the new one once <see cref="LocalShardRepair"/> has run.
/// </summary>
public sealed class ShardRewriteTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData(OutputFormat.WebDataset)]
    [InlineData(OutputFormat.Parquet)]
    [InlineData(OutputFormat.TFRecord)]
    [InlineData(OutputFormat.Files)]
    public void RemovedSamplesLeaveTheDataAndKeepTheirRowsAsRemoved(OutputFormat format)
    {
        Write(format, 10);
        var before = DatasetReader.Read(folder.Path).Where(s => s.Image is not null).ToDictionary(s => s.Key, s => s.Image!);

        var result = ShardRewrite.Apply(folder.Path, "00000", format, Edits((Key(3), SampleEditKind.Remove), (Key(6), SampleEditKind.Remove)), purge: false);

        Assert.Equal((2, 0), (result.Removed, result.Marked));
        var after = DatasetReader.Read(folder.Path).Where(s => s.Image is not null).ToDictionary(s => s.Key, s => s.Image!);
        Assert.Equal(before.Keys.Except([Key(3), Key(6)]).Order(), after.Keys.Order());
        Assert.All(after, pair => Assert.Equal(before[pair.Key], pair.Value));
        var removed = DatasetReader.ReadShardMetadata(folder.Path, "00000").Where(r => (string?)r["status"] == SampleStatus.Removed).ToList();
        Assert.Equal([Key(3), Key(6)], removed.Select(r => (string)r["key"]!).Order().ToArray());
        Assert.All(removed, r => Assert.Equal("takedown (list.txt, line 1)", r["error_message"]));
        var stats = DatasetReader.Verified(folder.Path, "00000")!;
        Assert.Equal((10, 2), (stats.Count, stats.Removed));
        Assert.Equal(2, stats.StatusDict["takedown (list.txt, line 1)"]);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path, "*" + ShardAttempt.Suffix));
    }

    [Fact]
    public void AMarkedSampleKeepsItsImageAndEveryCopyOfItsMetadataSaysTheNewEvidence()
    {
        Write(OutputFormat.WebDataset, 10);

        ShardRewrite.Apply(folder.Path, "00000", OutputFormat.WebDataset, Edits((Key(2), SampleEditKind.Mark)), purge: false);

        var sample = DatasetReader.Read(folder.Path).Single(s => s.Key == Key(2));
        Assert.NotNull(sample.Image);
        Assert.Equal(Evidence, sample.Metadata["opt_out"]);
        Assert.Equal(SampleStatus.Success, sample.Status);
        Assert.Equal(Evidence, DatasetReader.ReadShardMetadata(folder.Path, "00000").Single(r => (string?)r["key"] == Key(2))["opt_out"]);
    }

    [Fact]
    public void AMarkedTfRecordFeatureReplacesTheOldOneAndKeepsTheOthersByteForByte()
    {
        var example = TfExample.Encode([new("key", "k"u8.ToArray()), new("opt_out", null), new("width", 7L)]);

        var marked = TfExample.Decode(TfExample.WithFeature(example, "opt_out", "x"u8.ToArray()));

        Assert.Equal("x"u8.ToArray(), marked["opt_out"]);
        Assert.Equal(7L, marked["width"]);
        Assert.Equal("k"u8.ToArray(), marked["key"]);
    }

    [Fact]
    public void PurgedRowsLeaveTheMetadataAndTheCounts()
    {
        Write(OutputFormat.Parquet, 10);

        ShardRewrite.Apply(folder.Path, "00000", OutputFormat.Parquet, Edits((Key(0), SampleEditKind.Remove), (Key(1), SampleEditKind.Remove)), purge: true);

        Assert.Equal(8, DatasetReader.ReadShardMetadata(folder.Path, "00000").Count());
        var stats = DatasetReader.Verified(folder.Path, "00000")!;
        Assert.Equal((8, 0), (stats.Count, stats.Removed));
        Assert.Equal(stats.Count, stats.Successes + stats.FailedToDownload + stats.FailedToResize);
    }

    [Fact]
    public void AShardWithNothingToEditIsNotTouched()
    {
        Write(OutputFormat.WebDataset, 10);
        var stamp = File.GetLastWriteTimeUtc(folder.File("00000.tar"));

        var result = ShardRewrite.Apply(folder.Path, "00000", OutputFormat.WebDataset, Edits(("not-a-key", SampleEditKind.Remove)), purge: false);

        Assert.False(result.Rewritten);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(folder.File("00000.tar")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path, "*" + ShardAttempt.Suffix));
    }

    /// <summary>
    /// A crash after the new stats were renamed into place but before the files were: the commit names the attempt,
    /// the old files are still at the shard's names and the new ones at the attempt's. The shard is not complete
    /// then, and the repair moves the new files in.
    /// </summary>
    [Theory]
    [InlineData(OutputFormat.WebDataset)]
    [InlineData(OutputFormat.Files)]
    public void ACrashBetweenTheCommitAndTheRenamesIsFinishedByTheRepair(OutputFormat format)
    {
        Write(format, 10);
        var original = Snapshot();
        ShardRewrite.Apply(folder.Path, "00000", format, Edits((Key(3), SampleEditKind.Remove)), purge: false);
        var rewritten = Snapshot();
        var attempt = ShardAttempt.Of(DatasetReader.Verified(folder.Path, "00000")!.Commit!.Attempt);
        var main = ShardPaths.Main(folder.Path, "00000", format);
        foreach (var path in new[] { main, folder.File("00000.parquet") })
        {
            Directory.Move(path, attempt.Partial(path));
        }
        Restore(original, except: ShardPaths.Stats(folder.Path, "00000"));

        Assert.Empty(DatasetReader.CompleteShards(folder.Path));
        LocalShardRepair.Run(folder.Path, _ => true, _ => { });

        Assert.Equal(["00000"], DatasetReader.CompleteShards(folder.Path));
        Assert.Equal(rewritten, Snapshot());
    }

    private static string Key(int index) => Samples.Layout(10).Keys.Key(0, index);

    private void Write(OutputFormat format, int count)
    {
        var layout = Samples.Layout(count);
        using var assembler = new ShardAssembler(folder.Path, format);
        for (var i = 0; i < count; i++)
        {
            assembler.Add(Samples.Make(layout, i));
        }
        assembler.CompleteAll().ToList();
    }

    private const string Evidence = """{"signal":"Takedown","matched":["line 1"],"source":"list.txt","removed_at":"2026-12-06T00:00:00Z"}""";

    private static Dictionary<string, SampleEdit> Edits(params (string Key, SampleEditKind Kind)[] edits) =>
        edits.ToDictionary(e => e.Key, e => new SampleEdit(e.Key, e.Kind, "takedown (list.txt, line 1)", Evidence, "Takedown"));

    /// <summary>Every file of the folder by relative path, with its bytes.</summary>
    private Dictionary<string, byte[]> Snapshot() =>
        Directory.EnumerateFiles(folder.Path, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains(".img2dataset", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(folder.Path, f), File.ReadAllBytes);

    private void Restore(Dictionary<string, byte[]> files, string except)
    {
        foreach (var (name, bytes) in files.Where(f => folder.File(f.Key) != except))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(folder.File(name))!);
            File.WriteAllBytes(folder.File(name), bytes);
        }
    }
}
