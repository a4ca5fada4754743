using System.Text;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.Engine.Reporting;

/// <summary>Export-DatasetReport's work: a dataset folder's figures, written as one HTML file.</summary>
public static class DatasetReport
{
    public const int DefaultSampleCount = 60;
    public const int MaxSampleCount = 500;
    public const string DefaultFileName = "report.html";

    /// <summary>Where a report goes unless told: beside a local dataset's shards, or in the current folder for a remote dataset.</summary>
    public static string DefaultPath(string location, string localFolder, string currentFolder) =>
        Path.Combine(Storage.StorageLocation.IsRemoteText(location) ? currentFolder : localFolder, DefaultFileName);

    /// <summary>
    /// Writes the report of <paramref name="folder"/> to <paramref name="outFile"/>, making its folder if needed (a CI
    /// step's artifact folder), through a temporary file, so a reader never opens half of one.
    /// </summary>
    public static DatasetReportFigures Write(string folder, string location, string outFile, int sampleCount, RemoteReportSource? remote = null)
    {
        var figures = ReportCollector.Collect(folder, location, sampleCount, remote);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outFile))!);
        DurableFile.Replace(outFile, Encoding.UTF8.GetBytes(DatasetReportHtml.Render(figures, DateTimeOffset.UtcNow)));
        return figures;
    }
}
