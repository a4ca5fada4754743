using System.Management.Automation;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Jobs;
using Img2Dataset.PowerShell.Bridging;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>Invoke-ImageDownload: downloads UrlRow records (or URL strings) concurrently into DownloadedImage records.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "ImageDownload", HelpUri = HelpLinks.Download)]
[OutputType(typeof(DownloadedImage))]
public sealed class InvokeImageDownloadCommand : DownloadCommandBase
{
    private readonly PlainUrlRows plainRows = new();
    private readonly StageTally tally = new();
    private ImageDownloader? downloader;
    private PipelineBridge<UrlRow, DownloadedImage>? bridge;
    private ProgressReporter? progress;
    private DeferredWarnings? warnings;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("Url")]
    [ValidateNotNull]
    public object[] InputObject { get; set; } = [];

    [Parameter]
    public SwitchParameter VerifyHash { get; set; }

    protected override void BeginProcessing()
    {
        var options = new DownloadOptions
        {
            Fetch = DownloadFetchOptions,
            OptOut = OptOutPolicy,
            ComputeHash = ImageHash.Parse(ComputeHash),
            VerifyHash = VerifyHash,
        };
        warnings = new DeferredWarnings(this);
        downloader = this.Configure(() => new ImageDownloader(options, warn: warnings.Add), "InvalidDownloadOption");
        progress = new ProgressReporter(this, "Invoke-ImageDownload", "Downloading", "failed");
        bridge = new PipelineBridge<UrlRow, DownloadedImage>(downloader.Start(Cancellation), Emit, Cancellation);
        WriteVerbose($"Downloading {ThrottleLimit} images at once, {MaxConnectionsPerHost} per host, {Timeout} s each; rows an audit refused are not requested.");
    }

    protected override void ProcessRecord()
    {
        if (!MyInvocation.ExpectingInput)
        {
            progress!.Total = InputObject.Length;
        }
        foreach (var item in InputObject)
        {
            if (ToRow(item) is { } row)
            {
                bridge!.Post(row);
            }
        }
    }

    protected override void EndProcessing()
    {
        bridge!.Complete();
        progress!.Complete();
        warnings!.Flush();
        WriteVerbose(tally.Describe("Downloaded"));
    }

    protected override void DisposeResources() => downloader?.Dispose();

    private void Emit(DownloadedImage image)
    {
        // Once in the PowerShell pipeline the bytes are the pipeline's to keep; the engine's budget lets go of them.
        image.ReleaseBody();
        warnings!.Flush();
        WriteObject(image);
        tally.Add(image);
        progress!.Advance(!image.Succeeded, image.Row.ShardId);
    }

    private UrlRow? ToRow(object? item)
    {
        var value = item is PSObject wrapped ? wrapped.BaseObject : item;
        switch (value)
        {
            case UrlRow row:
                return row;
            case string url:
                return plainRows.Next(url);
        }
        if (item is not null && PSObject.AsPSObject(item).Properties["Url"] is not null)
        {
            // Import-Csv's objects and the like: the caption and every other property travel with the row.
            return plainRows.Next(PSObject.AsPSObject(item).Properties.Select(p => KeyValuePair.Create(p.Name, (object?)p.Value)).ToList());
        }
        WriteError(new ErrorRecord(new ArgumentException($"Expected a UrlRow, a URL string or an object with a Url property, got {value?.GetType().FullName ?? "null"}."),
            "InvalidInputObject", ErrorCategory.InvalidType, item));
        return null;
    }
}
