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
    private readonly string path;
    private readonly FileStream file;
    private readonly TarWriter writer;
    private bool committed;
    private long? committedBytes;

    public WebDatasetPart(string path)
    {
        this.path = path;
        file = new FileStream(PartialPath.For(path), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        writer = new TarWriter(file, TarEntryFormat.Ustar, leaveOpen: true);
    }

    public long Bytes => committedBytes ?? file.Position;

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

    public void Commit()
    {
        writer.Dispose();
        committedBytes = file.Position;
        file.Dispose();
        PartialPath.PublishFile(path);
        committed = true;
    }

    public void Dispose()
    {
        writer.Dispose();
        file.Dispose();
        if (!committed)
        {
            PartialPath.Discard(path);
        }
    }
}
