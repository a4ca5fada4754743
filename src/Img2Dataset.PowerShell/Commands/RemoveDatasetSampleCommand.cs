using System.Management.Automation;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Maintenance;
using Img2Dataset.PowerShell.Bridging;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>
/// Remove-DatasetSample: takes samples out of a built dataset (a takedown), by URL, key or stored hash, from lists in
/// any input format, or from the pipeline (Get-DatasetMetadata | Where-Object … | Remove-DatasetSample). Each shard
/// holding any of them is rewritten and published atomically; the others are not touched. A removed sample's row
/// stays with status "removed" and the reason, unless -Purge.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "DatasetSample", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Export)]
[OutputType(typeof(MaintenanceSummary))]
public sealed class RemoveDatasetSampleCommand : StoppableCommandBase
{
    private readonly TakedownList takedown = new();

    [Parameter(Mandatory = true, Position = 0)]
    [Alias("OutputFolder", "Dataset")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public string[]? Url { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public string[]? Key { get; set; }

    /// <summary>Stored hashes (the dataset's sha256, md5 or sha512 column), matched without regard to case.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Hash")]
    [ValidateNotNull]
    public string[]? Sha256 { get; set; }

    /// <summary>Lists of URLs (and hashes) to remove, in any format Import-UrlList reads.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? TakedownList { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string TakedownUrlColumn { get; set; } = "url";

    /// <summary>The column of a takedown list that holds stored hashes, matched against the dataset's hash column.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TakedownHashColumn { get; set; }

    [Parameter]
    [ValidateSet("txt", "txt.gz", "csv", "csv.gz", "tsv", "tsv.gz", "json", "json.gz", "jsonl", "jsonl.gz", "parquet")]
    public string? TakedownFormat { get; set; }

    /// <summary>Drop the removed samples' metadata rows too, for lists that must not keep the URL.</summary>
    [Parameter]
    public SwitchParameter Purge { get; set; }

    [Parameter]
    public Uri? S3Endpoint { get; set; }

    protected override void ProcessRecord()
    {
        var source = MyInvocation.ExpectingInput ? "pipeline" : null;
        foreach (var url in Url ?? [])
        {
            takedown.AddUrl(url, source ?? "-Url");
        }
        foreach (var key in Key ?? [])
        {
            takedown.AddKey(key, source ?? "-Key");
        }
        foreach (var hash in Sha256 ?? [])
        {
            takedown.AddHash(hash, source ?? "-Sha256");
        }
    }

    protected override void EndProcessing()
    {
        var options = new UrlListOptions
        {
            Format = TakedownFormat is null ? null : InputFormat.Parse(TakedownFormat),
            UrlColumn = TakedownUrlColumn,
            HashColumn = TakedownHashColumn,
        };
        foreach (var list in TakedownList ?? [])
        {
            foreach (var path in ProviderPaths.Existing(this, [list], literal: false))
            {
                try
                {
                    takedown.AddList(path, options, System.IO.Path.GetFileName(path)).ToList().ForEach(error =>
                        WriteWarning($"Skipped a takedown row without a url or hash: {error}"));
                }
                catch (UrlListException e)
                {
                    ThrowTerminatingError(ErrorRecords.From(e));
                }
            }
        }
        if (takedown.Count == 0)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("Name the samples to remove: -Url, -Key, -Sha256, -TakedownList, or pipe rows with those properties."),
                "NothingToRemove", ErrorCategory.InvalidArgument, null));
        }
        var driver = new MaintenanceDriver(this, "Remove-DatasetSample", Cancellation);
        if (driver.Resolve(Path) is not { } location)
        {
            return;
        }
        WriteVerbose($"Removing the samples of {takedown.Count:N0} listed URLs, keys and hashes from {location}.");
        var at = DateTimeOffset.UtcNow;
        WriteObject(driver.Run(location, S3Endpoint, MaintenanceRecord.Takedown, Purge,
            (_, rows, _) => Task.FromResult(ShardDecision.Of(rows.Select(row => takedown.Match(row, at)).OfType<Engine.Output.SampleEdit>()))));
    }
}
