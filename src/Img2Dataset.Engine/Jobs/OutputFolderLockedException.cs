namespace Img2Dataset.Engine.Jobs;

/// <summary>Another job is writing to the output folder.</summary>
public sealed class OutputFolderLockedException(string folder, string owner)
    : IOException($"Another job is writing to {folder} ({owner}). Wait for it to end or choose another output folder; a job that died leaves no lock.")
{
    public string Folder { get; } = folder;
    public string Owner { get; } = owner;
}
