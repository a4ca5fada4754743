using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.Engine.Reporting;

/// <summary>
/// Small JPEGs of chosen samples, read from the shards themselves (any format): each shard that holds one is read
/// once, each image shrunk by the job's own transformer (header checked and pixels bounded before decoding, so a
/// stored image is as hostile as a downloaded one), and the whole grid kept within a byte budget.
/// </summary>
public sealed class ThumbnailMaker
{
    public const int Size = 160;
    public const int Quality = 70;
    /// <summary>Thumbnails stop here, whatever -SampleCount asks, so the report stays a file a browser opens at once.</summary>
    public const int ByteBudget = 3 * 1024 * 1024;
    private const long MaxPixels = 50_000_000;
    /// <summary>The row a stored image is transformed as: the transformer wants one, and nothing of it reaches the thumbnail.</summary>
    private static readonly UrlRow StoredSample = new PlainUrlRows().Next("stored-sample");

    private readonly ImageTransformer transformer = new(new ImageTransformOptions
    {
        ImageSize = Size,
        ResizeMode = Imaging.ResizeMode.KeepRatioLargest,
        ResizeOnlyIfBigger = true,
        EncodeQuality = Quality,
        ExtractExif = false,
        MaxPixels = MaxPixels,
    });

    /// <summary>The thumbnails of the chosen samples that could be made, in shard then key order, whatever order the shards hold them in.</summary>
    public IReadOnlyList<Thumbnail> Make(string folder, OutputFormat format, IReadOnlyList<ChosenSample> chosen) =>
        Shrunk(folder, format, chosen).OrderBy(t => t.Shard, StringComparer.Ordinal).ThenBy(t => t.Key, StringComparer.Ordinal).ToList();

    private List<Thumbnail> Shrunk(string folder, OutputFormat format, IReadOnlyList<ChosenSample> chosen)
    {
        var thumbnails = new List<Thumbnail>();
        long bytes = 0;
        foreach (var shard in chosen.GroupBy(c => c.Shard))
        {
            var wanted = shard.ToDictionary(c => c.Key, StringComparer.Ordinal);
            foreach (var sample in DatasetReader.ReadShard(folder, shard.Key, format))
            {
                if (sample.Image is null || !wanted.TryGetValue(sample.Key, out var choice) || Shrink(sample.Image) is not { } small)
                {
                    continue;
                }
                if (bytes + small.Bytes!.Length > ByteBudget)
                {
                    return thumbnails;
                }
                bytes += small.Bytes.Length;
                thumbnails.Add(new Thumbnail(choice.Shard, choice.Key, choice.Caption ?? sample.Caption, small.Bytes, small.Width ?? 0, small.Height ?? 0));
            }
        }
        return thumbnails;
    }

    /// <summary>The image as a thumbnail; null when it cannot be decoded within the bounds (that sample is left out).</summary>
    private DatasetSample? Shrink(byte[] image)
    {
        var download = new DownloadedImage { Row = StoredSample, Status = SampleStatus.Success, Bytes = image };
        try
        {
            var sample = transformer.Transform(download);
            return sample.Status == SampleStatus.Success && sample.Bytes is not null ? sample : null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One stored image that defeats the decoder costs the report that thumbnail, nothing more.
            return null;
        }
    }
}
