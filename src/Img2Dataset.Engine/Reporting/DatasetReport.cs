using System.Text;
using Img2Dataset.Engine.Output;
using Img2Dataset.Engine.Storage;

namespace Img2Dataset.Engine.Reporting;

/// <summary>Export-DatasetReport's work: a dataset folder's figures, written as one HTML file.</summary>
public static class DatasetReport
{
    public const int DefaultSampleCount = 60;
    public const int MaxSampleCount = 500;
    public const string DefaultFileName = "report.html";

    /// <summary>Where a report goes unless told: beside a local dataset's shards, or in the current folder for a remote dataset.</summary>
    public static string DefaultPath(string location, string currentFolder) =>
        Path.Combine(StorageLocation.IsRemoteText(location) ? currentFolder : location, DefaultFileName);

    /// <summary>
    /// Writes the report of the dataset folder <paramref name="folder"/> to <paramref name="outFile"/>, making its folder
    /// if needed (a CI step's artifact folder), through a temporary file, so a reader never opens half of one.
    /// </summary>
    /// <param name="folder">The dataset folder.</param>
    /// <param name="location">The dataset as the user named it, shown in the report.</param>
    /// <param name="outFile">The HTML file to write.</param>
    /// <param name="sampleCount">How many thumbnails to show at most.</param>
    public static DatasetReportFigures Write(string folder, string location, string outFile, int sampleCount) =>
        Written(ReportCollector.Collect(folder, location, sampleCount), outFile);

    /// <summary>
    /// The report of a remote dataset: the metadata and stats of its complete shards copied to a temporary folder, each
    /// shard's images downloaded there only while it is read (so the report needs one shard's size on disk, not the
    /// dataset's), its missing and incomplete shards as its store lists them.
    /// </summary>
    public static async Task<DatasetReportFigures> WriteAsync(IObjectStore store, string location, string outFile, int sampleCount,
        CancellationToken cancellationToken)
    {
        using var mirror = await RemoteDatasetMirror.CreateAsync(store, cancellationToken);
        var storeStatistics = await DatasetStatistics.ReadAsync(store, cancellationToken);
        var collector = new ReportCollector(mirror.Folder, sampleCount);
        foreach (var (shard, stats) in mirror.ShardsWithImages(cancellationToken))
        {
            collector.Add(shard, stats);
        }
        return Written(collector.Complete(location, storeStatistics), outFile);
    }

    private static DatasetReportFigures Written(DatasetReportFigures figures, string outFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outFile))!);
        DurableFile.Replace(outFile, Encoding.UTF8.GetBytes(DatasetReportHtml.Render(figures, DateTimeOffset.UtcNow)));
        return figures;
    }
}
