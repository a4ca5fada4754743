using System.Management.Automation;
using Img2Dataset.Engine.Jobs;
using Img2Dataset.Engine.Maintenance;
using Img2Dataset.Engine.Storage;

namespace Img2Dataset.PowerShell.Bridging;

/// <summary>
/// Runs a maintenance operation for a cmdlet, on its pipeline thread, shard by shard: progress, a ShouldProcess for
/// each shard with anything to change (so -WhatIf lists what each would lose, and -Confirm asks), Verbose lines, and
/// the engine's failures as the job's error ids (OutputFolderInUse, RemoteLocationUnavailable).
/// </summary>
internal sealed class MaintenanceDriver(PSCmdlet cmdlet, string activity, CancellationToken cancellationToken)
{
    public delegate Task<ShardDecision> Decide(string shard, IReadOnlyList<Dictionary<string, object?>> rows, CancellationToken cancellationToken);

    /// <summary>The dataset a cmdlet names: a remote location as written, a local one resolved and required to be a folder.</summary>
    public string? Resolve(string path)
    {
        if (StorageLocation.IsRemoteText(path))
        {
            return path;
        }
        var local = cmdlet.GetUnresolvedProviderPathFromPSPath(path);
        return DatasetFolder.IsFolder(cmdlet, local) ? local : null;
    }

    public MaintenanceSummary Run(string location, Uri? s3Endpoint, string operation, bool purge, Decide decide)
    {
        var logged = new List<string>();
        try
        {
            var session = DatasetRewriteSession.OpenAsync(location, s3Endpoint, logged.Add, cancellationToken).GetAwaiter().GetResult();
            try
            {
                logged.ForEach(cmdlet.WriteVerbose);
                return RunShards(session, operation, purge, decide);
            }
            finally
            {
                session.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (OutputFolderLockedException e)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(e, "OutputFolderInUse", ErrorCategory.ResourceBusy, e.Folder));
            throw;
        }
        catch (StorageAccessException e)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(e, "RemoteLocationUnavailable", ErrorCategory.PermissionDenied, e.Location));
            throw;
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(e, "DatasetNotRewritable", ErrorCategory.InvalidData, location));
            throw;
        }
    }

    private MaintenanceSummary RunShards(DatasetRewriteSession session, string operation, bool purge, Decide decide)
    {
        var run = MaintenanceRun.StartAsync(session, operation, WhatIf, cancellationToken).GetAwaiter().GetResult();
        var pending = run.PendingShards;
        if (run.Resumed)
        {
            cmdlet.WriteVerbose($"Resuming {operation} pass {run.Pass}: {session.Shards.Count - pending.Count} of {session.Shards.Count} shards done before.");
        }
        for (var index = 0; index < pending.Count; index++)
        {
            var shard = pending[index];
            cmdlet.WriteProgress(new ProgressRecord(1, activity, $"Shard {shard} ({index + 1} of {pending.Count})")
            {
                PercentComplete = 100 * index / Math.Max(1, pending.Count),
            });
            var plan = run.PlanAsync(shard, (rows, token) => decide(shard, rows, token), cancellationToken).GetAwaiter().GetResult();
            if (plan.Decision.Edits.Count == 0 || cmdlet.ShouldProcess($"shard {shard} of {StorageLocation.Redact(session.Location)}", plan.Describe(purge)))
            {
                var result = run.ApplyAsync(plan, purge, cancellationToken).GetAwaiter().GetResult();
                cmdlet.WriteVerbose($"Shard {shard}: {Describe(plan, result)}");
            }
            else
            {
                run.SkipAsync(plan, cancellationToken).GetAwaiter().GetResult();
            }
        }
        cmdlet.WriteProgress(new ProgressRecord(1, activity, "Done") { RecordType = ProgressRecordType.Completed });
        return run.FinishAsync(cancellationToken).GetAwaiter().GetResult();
    }

    private bool WhatIf => cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value)
        ? LanguagePrimitives.IsTrue(value)
        : LanguagePrimitives.IsTrue(cmdlet.GetVariableValue("WhatIfPreference", false));

    private static string Describe(ShardPlan plan, Engine.Output.ShardRewriteResult result)
    {
        var checkedPart = plan.Decision.Rechecked > 0 ? $"{plan.Decision.Rechecked} re-checked, " : "";
        var unreachable = plan.Decision.Unreachable.Count > 0 ? $", {plan.Decision.Unreachable.Count} unreachable" : "";
        return $"{checkedPart}{result.Removed} removed, {result.Marked} marked{unreachable}, {result.BytesBefore - result.BytesAfter:N0} bytes freed";
    }
}
