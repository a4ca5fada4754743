using System.Management.Automation;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>
/// A cmdlet that runs engine work in the background: one cancellation that StopProcessing (Ctrl+C) triggers, and
/// disposal.
/// </summary>
public abstract class StoppableCommandBase : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource stopping = new();

    protected CancellationToken Cancellation => stopping.Token;

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
