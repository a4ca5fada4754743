using System.Management.Automation;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>
/// A cmdlet that runs engine work in the background: one cancellation that StopProcessing (Ctrl+C) triggers,
/// disposal, and engine set-up errors turned into terminating InvalidArgument errors.
/// </summary>
public abstract class StoppableCommandBase : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource stopping = new();

    protected CancellationToken Cancellation => stopping.Token;

    /// <summary>Runs engine set-up, turning an invalid option into a terminating InvalidArgument error.</summary>
    protected T Configure<T>(Func<T> create, string errorId)
    {
        try
        {
            return create();
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, errorId, ErrorCategory.InvalidArgument, e.ParamName));
            throw;
        }
    }

    protected override void StopProcessing() => stopping.Cancel();

    public void Dispose()
    {
        DisposeResources();
        stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    protected virtual void DisposeResources()
    {
    }
}
