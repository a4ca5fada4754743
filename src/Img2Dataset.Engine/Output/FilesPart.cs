using Img2Dataset.Engine.Imaging;

namespace Img2Dataset.Engine.Output;

/// <summary>The files layout: <c>OUT/00000/KEY.jpg</c>, <c>KEY.txt</c> (with captions) and <c>KEY.json</c> per success.</summary>
internal sealed class FilesPart : IShardPart
{
    private readonly string folder;
    private readonly string partial;
    private bool committed;

    public FilesPart(string folder)
    {
        this.folder = folder;
        partial = PartialPath.For(folder);
        PartialPath.Discard(folder);
        Directory.CreateDirectory(partial);
    }

    public long Bytes { get; private set; }

    public void Add(DatasetSample sample)
    {
        if (sample.Bytes is null)
        {
            return;
        }
        var stem = Path.Combine(partial, sample.Key);
        Write(stem + "." + ImagingNames.Extension(sample.EncodeFormat), sample.Bytes);
        if (sample.Download.Row.Layout.HasCaption)
        {
            Write(stem + ".txt", System.Text.Encoding.UTF8.GetBytes(sample.Caption ?? ""));
        }
        Write(stem + ".json", SampleMetadata.Json(sample));
    }

    public void Commit()
    {
        PartialPath.PublishFolder(folder);
        committed = true;
    }

    public void Dispose()
    {
        if (!committed)
        {
            PartialPath.Discard(folder);
        }
    }

    private void Write(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        Bytes += bytes.Length;
    }
}
