using System.Management.Automation;
using Img2Dataset.Engine.Maintenance;
using Img2Dataset.PowerShell.Bridging;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>
/// Update-DatasetConsent: asks the origin of every stored image what its creator wants now (headers of a HEAD or a
/// one-byte ranged GET, robots.txt, tdmrep.json, with the download's switches; with -InspectImage the whole image and
/// the signals embedded in it), and removes (or, with -MarkOnly,
/// marks) the samples now refused, shard by shard, each shard rewritten atomically. Origins that do not answer are
/// reported and kept unless -RemoveUnreachable. A pass stopped half-way is resumed by the next run; the dataset's
/// history (Get-DatasetStatistics) keeps every pass.
/// </summary>
[Cmdlet(VerbsData.Update, "DatasetConsent", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Export)]
[OutputType(typeof(MaintenanceSummary))]
public sealed class UpdateDatasetConsentCommand : NetworkCommandBase
{
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("OutputFolder", "Dataset")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Record the new evidence in the refused samples' metadata, keeping their images.</summary>
    [Parameter]
    public SwitchParameter MarkOnly { get; set; }

    /// <summary>Remove the samples whose origin no longer answers (an HTTP error, a network failure, a time-out).</summary>
    [Parameter]
    public SwitchParameter RemoveUnreachable { get; set; }

    [Parameter]
    public SwitchParameter Purge { get; set; }

    /// <summary>Download each image whole, as a job does, so the signals embedded in it (IPTC, C2PA) are re-read too.</summary>
    [Parameter]
    public SwitchParameter InspectImage { get; set; }

    [Parameter]
    public Uri? S3Endpoint { get; set; }

    protected override void EndProcessing()
    {
        var driver = new MaintenanceDriver(this, "Update-DatasetConsent", Cancellation);
        if (driver.Resolve(Path) is not { } location)
        {
            return;
        }
        var warnings = new DeferredWarnings(this);
        using var recheck = this.Configure(() => new ConsentRecheck(FetchOptions, OptOutPolicy, warnings.Add, InspectImage), "InvalidOptOutPolicy");
        WriteVerbose(InspectImage
            ? $"Re-checking the consent of every stored image of {location}: each image downloaded whole, as a job does (headers, robots.txt and tdmrep.json of each origin, and the signals embedded in the image)."
            : $"Re-checking the consent of every stored image of {location}: headers (HEAD), robots.txt and tdmrep.json of each origin.");
        var summary = driver.Run(location, S3Endpoint, MaintenanceRecord.Consent, Purge,
            (shard, rows, token) => recheck.CheckAsync(shard, rows, MarkOnly, RemoveUnreachable, token));
        warnings.Flush();
        foreach (var sample in summary.Unreachable)
        {
            WriteVerbose($"Unreachable: {sample}");
        }
        if (summary.Unreachable.Count > 0 && !RemoveUnreachable)
        {
            WriteWarning($"{summary.Unreachable.Count:N0} stored samples' origins did not answer; they are kept (listed in the summary's Unreachable; -RemoveUnreachable removes them).");
        }
        WriteObject(summary);
    }
}
