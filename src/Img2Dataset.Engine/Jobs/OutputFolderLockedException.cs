namespace Img2Dataset.Engine.Jobs;

/// <summary>
/// Another job is writing to the output folder, or its lock file cannot be opened at all (access denied: its
/// permissions, a read-only file, or, on Windows, a scanner holding it), which the message then says with the cause.
/// </summary>
public sealed class OutputFolderLockedException(string folder, string owner, string? denied = null)
    : IOException(denied is null
        ? $"Another job is writing to {folder} ({owner}). Wait for it to end or choose another output folder; a job that died leaves no lock."
        : $"{folder} cannot be locked for this job: its lock file {Path.Combine(OutputFolderLayout.StateFolderName, OutputFolderLock.FileName)} cannot be opened ({denied}); last holder: {owner}. Check the folder's permissions, or choose another output folder.")
{
    public string Folder { get; } = folder;
    public string Owner { get; } = owner;
}
