using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Policy;

namespace Img2Dataset.Engine.Tests.Output;

/// <summary>Dataset samples as the pipeline makes them: every third fails to download, every fifth to resize.</summary>
internal static class Samples
{
    public static UrlListLayout Layout(int samplesPerShard, bool caption = true) =>
        new(samplesPerShard, 5, caption, ["similarity"]);

    public static DatasetSample Make(UrlListLayout layout, int sequence)
    {
        var shard = sequence / layout.SamplesPerShard;
        var index = sequence % layout.SamplesPerShard;
        var row = new UrlRow
        {
            Key = layout.Keys.Key(shard, index),
            ShardId = shard,
            Index = index,
            Url = $"http://127.0.0.1/images/{sequence}.jpg",
            Caption = $"caption {sequence}",
            AdditionalColumns = [new("similarity", 0.5 + sequence)],
            SourceFile = "test",
            SourceLine = sequence + 1,
            Layout = layout,
        };
        if (sequence % 3 == 1)
        {
            var refused = new OptOutDecision { Signal = OptOutSignal.XRobotsTag, MatchedDirectives = ["noai"] };
            return new DatasetSample
            {
                Download = DownloadedImage.Failed(row, OptOutDecision.XRobotsTagMessage, 1, 200, refused) with { HashKind = HashKind.Sha256 },
                Status = SampleStatus.FailedToDownload,
                ErrorMessage = OptOutDecision.XRobotsTagMessage,
                ExtractExif = true,
            };
        }
        var download = new DownloadedImage { Row = row, Status = SampleStatus.Success, Bytes = [1, 2, 3], HashKind = HashKind.Sha256, Hash = $"hash{sequence}" };
        if (sequence % 5 == 4)
        {
            return new DatasetSample { Download = download, Status = SampleStatus.FailedToResize, ErrorMessage = "image too small", ExtractExif = true };
        }
        return new DatasetSample
        {
            Download = download,
            Status = SampleStatus.Success,
            Bytes = [0xFF, 0xD8, 0xFF, (byte)sequence],
            Width = 256,
            Height = 256,
            OriginalWidth = 640,
            OriginalHeight = 480,
            Exif = "{}",
            ExtractExif = true,
        };
    }
}
