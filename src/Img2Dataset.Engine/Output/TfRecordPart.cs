using Img2Dataset.Engine.Imaging;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// <c>OUT/00000.tfrecord</c>: one <c>tf.train.Example</c> per success with <c>key</c>, the image under its format's
/// name, <c>txt</c> (with captions) and every metadata field (numbers as int64, text as bytes, null as "").
/// </summary>
internal sealed class TfRecordPart(string path, string partial) : IShardPart
{
    private readonly FileStream file = DurableFile.Create(partial);
    private long? finishedBytes;

    public string FinalPath => path;
    public bool IsFolder => false;
    public long Bytes => finishedBytes ?? file.Position;

    public void Add(DatasetSample sample)
    {
        if (sample.Bytes is null)
        {
            return;
        }
        var features = new List<KeyValuePair<string, object?>>
        {
            new("key", System.Text.Encoding.UTF8.GetBytes(sample.Key)),
            new(ImagingNames.Extension(sample.EncodeFormat), sample.Bytes),
        };
        if (sample.Download.Row.Layout.HasCaption)
        {
            features.Add(new("txt", System.Text.Encoding.UTF8.GetBytes(sample.Caption ?? "")));
        }
        features.AddRange(SampleMetadata.Fields(sample).Where(f => f.Key != "key"));
        TfExample.WriteRecord(file, TfExample.Encode(features));
    }

    public void Finish()
    {
        file.Flush(flushToDisk: true);
        finishedBytes = file.Position;
        file.Dispose();
    }

    public CommittedObject Committed() => new(Path.GetFileName(FinalPath), Bytes);

    public void Dispose() => file.Dispose();
}
