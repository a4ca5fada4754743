using System.Formats.Tar;
using Img2Dataset.Engine.Imaging;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// <c>OUT/00000.tar</c> for WebDataset loaders: per success <c>KEY.ext</c>, <c>KEY.json</c>, <c>KEY.txt</c> in sorted
/// extension order as the reference's writer does, plain ustar entries, mode 0444, owner "bigdata".
/// </summary>
internal sealed class WebDatasetPart : IShardPart
{
    private const UnixFileMode ReadOnly = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    /// <summary>The end-of-archive marker: two zero blocks (POSIX ustar).</summary>
    private const int EndOfArchiveBytes = 2 * 512;
    private readonly FileStream file;
    private readonly TarWriter writer;
    private bool anyEntry;
    private long? finishedBytes;

    public WebDatasetPart(string path, string partial)
    {
        FinalPath = path;
        file = DurableFile.Create(partial);
        writer = new TarWriter(file, TarEntryFormat.Ustar, leaveOpen: true);
    }

    public string FinalPath { get; }
    public bool IsFolder => false;
    public long Bytes => finishedBytes ?? file.Position;

    public void Add(DatasetSample sample)
    {
        if (sample.Bytes is null)
        {
            return;
        }
        var entries = new List<(string Extension, byte[] Bytes)>
        {
            (ImagingNames.Extension(sample.EncodeFormat), sample.Bytes),
            ("json", SampleMetadata.Json(sample)),
        };
        if (sample.Download.Row.Layout.HasCaption)
        {
            entries.Add(("txt", System.Text.Encoding.UTF8.GetBytes(sample.Caption ?? "")));
        }
        anyEntry = true;
        var now = DateTimeOffset.UtcNow;
        foreach (var (extension, bytes) in entries.OrderBy(e => e.Extension, StringComparer.Ordinal))
        {
            writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, $"{sample.Key}.{extension}")
            {
                DataStream = new MemoryStream(bytes, writable: false),
                Mode = ReadOnly,
                ModificationTime = now,
                UserName = "bigdata",
                GroupName = "bigdata",
            });
        }
    }

    public void Finish()
    {
        writer.Dispose();
        if (!anyEntry)
        {
            // TarWriter writes no end-of-archive marker without entries, and an empty file is not a tar to Python's
            // tarfile or the WebDataset loader: a shard of failures is an empty but valid archive.
            file.Write(new byte[EndOfArchiveBytes]);
        }
        file.Flush(flushToDisk: true);
        finishedBytes = file.Position;
        file.Dispose();
    }

    public CommittedObject Committed() => new(Path.GetFileName(FinalPath), Bytes);

    public void Dispose()
    {
        writer.Dispose();
        file.Dispose();
    }
}
