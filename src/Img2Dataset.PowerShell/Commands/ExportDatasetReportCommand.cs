using System.Diagnostics;
using System.Management.Automation;
using Img2Dataset.Engine.Reporting;
using Img2Dataset.Engine.Storage;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>
/// Export-DatasetReport: one self-contained HTML page of what a dataset holds, refused and lost, written beside a
/// local dataset (report.html) or where -OutFile says; -Show opens it in the default browser.
/// </summary>
[Cmdlet(VerbsData.Export, "DatasetReport", DefaultParameterSetName = ProviderPaths.PathSet, HelpUri = HelpLinks.Report)]
[OutputType(typeof(FileInfo))]
public sealed class ExportDatasetReportCommand : DatasetFolderCommandBase
{
    private readonly List<string> locations = [];

    /// <summary>The HTML file to write; by default report.html in a local dataset's folder, or in the current folder for a remote one.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    /// <summary>How many thumbnails of stored images the report shows at most.</summary>
    [Parameter]
    [ValidateRange(0, DatasetReport.MaxSampleCount)]
    public int SampleCount { get; set; } = DatasetReport.DefaultSampleCount;

    /// <summary>Opens the report in the default browser once written.</summary>
    [Parameter]
    public SwitchParameter Show { get; set; }

    protected override void ProcessRecord() => locations.AddRange(Locations());

    protected override void EndProcessing()
    {
        if (OutFile is not null && locations.Count > 1)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-OutFile names one file, but {locations.Count} datasets were given; report them one at a time."),
                "OneOutFilePerDataset", ErrorCategory.InvalidArgument, OutFile));
        }
        foreach (var location in locations)
        {
            Report(location);
        }
    }

    private void Report(string location)
    {
        var outFile = OutFile is not null ? GetUnresolvedProviderPathFromPSPath(OutFile)
            : DatasetReport.DefaultPath(location, SessionState.Path.CurrentFileSystemLocation.ProviderPath);
        DatasetReportFigures? figures;
        try
        {
            figures = StorageLocation.IsRemoteText(location)
                ? Remote(location, store => DatasetReport.WriteAsync(store, StorageLocation.Redact(location), outFile, SampleCount, CancellationToken.None))
                : DatasetReport.Write(location, location, outFile, SampleCount);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(e, "ReportNotWritten", ErrorCategory.WriteError, location));
            return;
        }
        if (figures is null)
        {
            return;
        }
        WriteVerbose($"Report of {figures.Statistics.Count:N0} rows in {figures.Statistics.Shards:N0} shards with {figures.Thumbnails.Count} thumbnails written to {outFile}.");
        var written = new FileInfo(outFile);
        if (Show)
        {
            Open(written);
        }
        WriteObject(written);
    }

    /// <summary>The default browser, as the desktop opens an .html file (the shell on Windows, xdg-open or open elsewhere).</summary>
    private void Open(FileInfo report)
    {
        try
        {
            using var browser = Process.Start(new ProcessStartInfo(report.FullName) { UseShellExecute = true });
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            WriteWarning($"The report was written to {report.FullName}, but no browser could be opened for it: {e.Message}");
        }
    }
}
