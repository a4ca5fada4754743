using Img2Dataset.Engine.Imaging;

namespace Img2Dataset.Engine.Output;

/// <summary>The files layout: <c>OUT/00000/KEY.jpg</c>, <c>KEY.txt</c> (with captions) and <c>KEY.json</c> per success.</summary>
internal sealed class FilesPart : IShardPart
{
    private readonly string partial;
    private int files;

    public FilesPart(string folder, string partial)
    {
        FinalPath = folder;
        this.partial = partial;
        Directory.CreateDirectory(partial);
    }

    public string FinalPath { get; }
    public bool IsFolder => true;
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

    public void Finish()
    {
        foreach (var file in Directory.EnumerateFiles(partial))
        {
            DurableFile.Sync(file);
        }
    }

    public CommittedObject Committed() => new(Path.GetFileName(FinalPath) + "/", Bytes, Files: files);

    public void Dispose()
    {
    }

    private void Write(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        Bytes += bytes.Length;
        files++;
    }
}
