namespace Img2Dataset.Engine.Storage;

/// <summary>
/// Replacing dataset files while other programs read them, as Windows requires: a training job, Explorer's preview or
/// an antivirus scan holds a shard open, and there a file open without delete sharing cannot be renamed over. Our own
/// reads share reading, writing and deletion, so they never stand in the way; a replacement that meets another
/// program's handle (a sharing or lock violation; on Windows also "access denied", which a file pending deletion
/// gives) is tried again with a growing pause for a while before it fails. Linux and macOS let a file be renamed over
/// whoever holds it, so there the first try succeeds.
/// </summary>
public static class FileSharing
{
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromSeconds(10);
    private const int SharingViolation = unchecked((int)0x80070020);
    private const int LockViolation = unchecked((int)0x80070021);

    /// <summary>Opens a file for reading that may be replaced while it is read.</summary>
    public static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1 << 16);

    /// <summary>Runs <paramref name="replace"/> again while another program's handle is in its way, for up to <paramref name="patience"/>.</summary>
    public static void Replace(Action replace, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? DefaultPatience);
        var pause = TimeSpan.FromMilliseconds(25);
        while (true)
        {
            try
            {
                replace();
                return;
            }
            catch (Exception e) when (IsHeldByAnother(e) && DateTime.UtcNow + pause < deadline)
            {
                Thread.Sleep(pause);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
            }
        }
    }

    /// <summary>Whether a failure is another program holding the file, not a fault that trying again cannot mend.</summary>
    public static bool IsHeldByAnother(Exception e) => e switch
    {
        IOException io => io.HResult is SharingViolation or LockViolation,
        UnauthorizedAccessException => OperatingSystem.IsWindows(),
        _ => false,
    };
}
