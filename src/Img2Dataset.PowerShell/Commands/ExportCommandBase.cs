using System.Management.Automation;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>
/// The Export-* cmdlets: samples from the pipeline go to their shard as they arrive; a shard is written out as soon
/// as it is complete and its summary emitted. Stopping the pipeline discards every shard not yet complete.
/// </summary>
public abstract class ExportCommandBase : PSCmdlet, IDisposable
{
    private ShardAssembler? assembler;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object[] InputObject { get; set; } = [];

    [Parameter(Mandatory = true, Position = 0)]
    [Alias("output_folder")]
    [ValidateNotNullOrEmpty]
    public string OutputFolder { get; set; } = "";

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected abstract OutputFormat Format { get; }

    protected override void BeginProcessing() =>
        assembler = new ShardAssembler(GetUnresolvedProviderPathFromPSPath(OutputFolder), Format, Approve);

    protected override void ProcessRecord()
    {
        foreach (var item in InputObject)
        {
            if (ToSample(item) is { } sample && assembler!.Add(sample) is { } summary)
            {
                WriteObject(summary);
            }
        }
    }

    protected override void EndProcessing() => WriteObject(assembler!.CompleteAll(), enumerateCollection: true);

    public void Dispose()
    {
        assembler?.Dispose();
        GC.SuppressFinalize(this);
    }

    private bool Approve(ShardTarget target)
    {
        if (target.Exists && !Force)
        {
            WriteError(new ErrorRecord(new IOException($"Shard {target.Name} already exists at {target.Path}; use -Force to replace it."),
                "ShardExists", ErrorCategory.ResourceExists, target.Path));
            return false;
        }
        return ShouldProcess(target.Path, target.Exists ? "Replace shard" : "Write shard");
    }

    private DatasetSample? ToSample(object item)
    {
        switch (item is PSObject wrapped ? wrapped.BaseObject : item)
        {
            case DatasetSample sample:
                return sample;
            case DownloadedImage download:
                return DatasetSample.Unprocessed(download, download.Bytes is { } bytes ? FormatSniffer.Detect(bytes) : EncodeFormat.Jpg);
            default:
                WriteError(new ErrorRecord(new ArgumentException($"Expected a DatasetSample or a DownloadedImage, got {item.GetType().FullName}."),
                    "InvalidInputObject", ErrorCategory.InvalidType, item));
                return null;
        }
    }
}
