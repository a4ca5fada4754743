using System.Runtime.InteropServices;

namespace Img2Dataset.Engine.Storage;

/// <summary>
/// link(2): a new name for a file, failing with EEXIST when the name is taken; the one create-if-absent of a whole file
/// that POSIX makes atomic. Only for Unix-like systems.
/// </summary>
internal static class UnixLink
{
    private const int AlreadyExists = 17;

    /// <summary>
    /// True when <paramref name="target"/> now names <paramref name="source"/>'s file, false when the name was
    /// taken, null when this file system cannot link (no hard links, another device): the caller falls back.
    /// </summary>
    /// <exception cref="IOException">The link failed for another reason (no such file, permission).</exception>
    public static bool? TryLink(string source, string target)
    {
        if (link(source, target) == 0)
        {
            return true;
        }
        var error = Marshal.GetLastPInvokeError();
        return error switch
        {
            AlreadyExists => false,
            // EPERM (no hard links here), EXDEV (another device), ENOSYS, EOPNOTSUPP (Linux and macOS numbers).
            1 or 18 or 38 or 95 or 45 => null,
            _ => throw new IOException($"Could not create '{target}' from '{source}': {Marshal.GetPInvokeErrorMessage(error)} (errno {error})."),
        };
    }

    // Strings marshal as UTF-8 on Unix, as file names there are.
    [DllImport("libc", SetLastError = true)]
    private static extern int link(string oldPath, string newPath);
}
