using System.Text;

namespace Img2Dataset.Engine.Reporting;

/// <summary>Export-DatasetReport's work: a dataset folder's figures, written as one HTML file.</summary>
public static class DatasetReport
{
    public const int DefaultSampleCount = 60;
    public const int MaxSampleCount = 500;
    public const string DefaultFileName = "report.html";

    /// <summary>
    /// Writes the report of <paramref name="folder"/> to <paramref name="outFile"/>, making its folder if needed (a CI
    /// step's artifact folder), through a temporary file, so a reader never opens half of one.
    /// </summary>
    public static DatasetReportFigures Write(string folder, string location, string outFile, int sampleCount)
    {
        var figures = ReportCollector.Collect(folder, location, sampleCount);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outFile))!);
        var temporary = outFile + ".partial";
        File.WriteAllText(temporary, DatasetReportHtml.Render(figures, DateTimeOffset.UtcNow), new UTF8Encoding(false));
        File.Move(temporary, outFile, overwrite: true);
        return figures;
    }
}
