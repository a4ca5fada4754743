using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.Engine.Reporting;

/// <summary>
/// Small JPEGs of chosen samples, read from the shards themselves (any format) while the report reads each shard once:
/// after a shard's rows, the samples of it chosen so far are shrunk by the job's own transformer (header checked and
/// pixels bounded before decoding, so a stored image is as hostile as a downloaded one). Those a later shard displaces
/// are dropped, so no more than the chosen count are held, and a shard's images are needed only while it is read (a
/// remote dataset's, downloaded one shard at a time). The grid is kept within a byte budget.
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

    /// <summary>Each thumbnail made, by key, with the place of its sample in its shard.</summary>
    private readonly Dictionary<string, (Thumbnail Thumbnail, int Place)> made = new(StringComparer.Ordinal);

    /// <summary>The thumbnails held: of samples chosen so far, some perhaps displaced since.</summary>
    public int Count => made.Count;

    /// <summary>Shrinks the samples of one shard chosen so far (<paramref name="chosen"/>), reading its images once.</summary>
    public void Take(string folder, string shard, OutputFormat format, IReadOnlyList<ChosenSample> chosen)
    {
        if (chosen.Count == 0)
        {
            return;
        }
        var wanted = chosen.ToDictionary(c => c.Key, StringComparer.Ordinal);
        var place = 0;
        foreach (var sample in DatasetReader.ReadShard(folder, shard, format))
        {
            place++;
            if (sample.Image is not null && wanted.TryGetValue(sample.Key, out var choice) && Shrink(sample.Image) is { } small)
            {
                made[choice.Key] = (new Thumbnail(choice.Shard, choice.Key, choice.Caption ?? sample.Caption, small.Bytes!, small.Width ?? 0, small.Height ?? 0), place);
            }
        }
    }

    /// <summary>Drops the thumbnails of samples no longer among <paramref name="chosen"/>.</summary>
    public void Keep(IReadOnlyList<ChosenSample> chosen)
    {
        var keys = chosen.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var key in made.Keys.Where(k => !keys.Contains(k)).ToList())
        {
            made.Remove(key);
        }
    }

    /// <summary>
    /// The thumbnails of the samples finally chosen that could be made: as many as the byte budget holds, taken in the
    /// order a reader meets them in the shards, then given in shard then key order.
    /// </summary>
    public IReadOnlyList<Thumbnail> Make(IReadOnlyList<ChosenSample> chosen)
    {
        Keep(chosen);
        var thumbnails = new List<Thumbnail>();
        long bytes = 0;
        foreach (var (thumbnail, _) in made.Values.OrderBy(t => t.Thumbnail.Shard, StringComparer.Ordinal).ThenBy(t => t.Place))
        {
            if (bytes + thumbnail.Jpeg.Length > ByteBudget)
            {
                break;
            }
            bytes += thumbnail.Jpeg.Length;
            thumbnails.Add(thumbnail);
        }
        return thumbnails.OrderBy(t => t.Shard, StringComparer.Ordinal).ThenBy(t => t.Key, StringComparer.Ordinal).ToList();
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
