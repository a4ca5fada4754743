using System.Management.Automation;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Jobs;
using Img2Dataset.PowerShell.Bridging;
using Img2Dataset.PowerShell.Parameters;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>Resize-DatasetImage: decodes, filters, resizes, blurs and re-encodes DownloadedImage records on all cores.</summary>
[Cmdlet(VerbsCommon.Resize, "DatasetImage", HelpUri = HelpLinks.Resize)]
[OutputType(typeof(DatasetSample))]
public sealed class ResizeDatasetImageCommand : StoppableCommandBase, IDynamicParameters
{
    private ImageParameters Image { get; } = new();

    private readonly StageTally tally = new();
    private PipelineBridge<DownloadedImage, DatasetSample>? bridge;
    private ProgressReporter? progress;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public DownloadedImage[] InputObject { get; set; } = [];

    [Parameter]
    [ValidateRange(1, 1024)]
    public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

    public object GetDynamicParameters() => Image;

    protected override void BeginProcessing()
    {
        var options = Image.Options;
        var transformer = this.Configure(() => new ImageTransformer(options), "InvalidImageOption");
        // Before any command upstream starts downloading: see ImageTransformer.WarmUp.
        transformer.WarmUp();
        var pool = new BoundedWorkerPool<DownloadedImage, DatasetSample>(ThrottleLimit, 2 * ThrottleLimit,
            (image, _) => Task.FromResult(transformer.Transform(image)), transformer.Unexpected, Cancellation);
        progress = new ProgressReporter(this, "Resize-DatasetImage", "Transforming", "failed");
        bridge = new PipelineBridge<DownloadedImage, DatasetSample>(pool, Emit, Cancellation);
        WriteVerbose($"Transforming on {ThrottleLimit} threads; this process may run on {ProcessorTopology.Current}: {options.Describe()}.");
    }

    protected override void ProcessRecord()
    {
        foreach (var image in InputObject)
        {
            bridge!.Post(image);
        }
    }

    protected override void EndProcessing()
    {
        bridge!.Complete();
        progress!.Complete();
        WriteVerbose(tally.Describe("Transformed"));
    }

    private void Emit(DatasetSample sample)
    {
        WriteObject(sample);
        tally.Add(sample);
        Gen0Budget.Enforce();
        progress!.Advance(!sample.Succeeded, sample.Download.Row.ShardId);
    }
}
