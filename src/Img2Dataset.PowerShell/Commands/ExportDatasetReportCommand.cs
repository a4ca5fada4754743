using System.Diagnostics;
using System.Management.Automation;
using Img2Dataset.Engine.Output;
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
        RemoteReportSource? remote = null;
        var folder = location;
        if (StorageLocation.IsRemoteText(location))
        {
            // The complete shards copied; what is missing or incomplete, from the store's own listing.
            if (Mirror(location, metadataOnly: false) is not { } mirror
                || Remote(location, store => DatasetStatistics.ReadAsync(store, CancellationToken.None)) is not { } statistics)
            {
                return;
            }
            remote = new RemoteReportSource(statistics);
            folder = mirror.Folder;
        }
        var outFile = OutFile is not null ? GetUnresolvedProviderPathFromPSPath(OutFile)
            : DatasetReport.DefaultPath(location, folder, SessionState.Path.CurrentFileSystemLocation.ProviderPath);
        try
        {
            var figures = DatasetReport.Write(folder, StorageLocation.Redact(location), outFile, SampleCount, remote);
            WriteVerbose($"Report of {figures.Statistics.Count:N0} rows in {figures.Statistics.Shards:N0} shards with {figures.Thumbnails.Count} thumbnails written to {outFile}.");
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or StorageAccessException)
        {
            WriteError(new ErrorRecord(e, "ReportNotWritten", ErrorCategory.WriteError, location));
            return;
        }
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
