using System.Diagnostics;

namespace Img2Dataset.Engine.Jobs;

/// <summary>
/// One job per output folder: an exclusive lock on <c>.img2dataset/lock</c> for the job's lifetime, taken before the
/// job touches anything (two jobs would delete each other's partial files and write the same shards). The lock is the
/// operating system's (FileShare.None: a share lock on Windows, flock on Linux and macOS), so a job that dies — even
/// by kill -9 — lets go of it, and the next job takes the folder over. Who holds it is written beside it, in
/// <c>.img2dataset/owner</c>, for the error the next job gives.
/// </summary>
public sealed class OutputFolderLock : IDisposable
{
    public const string FileName = "lock";
    public const string OwnerFileName = "owner";
    private readonly FileStream handle;
    private readonly string ownerPath;

    private OutputFolderLock(FileStream handle, string ownerPath)
    {
        this.handle = handle;
        this.ownerPath = ownerPath;
    }

    /// <summary>Locks an output folder, through the lock file in its state folder (<see cref="OutputFolderLayout.StateFolder"/>).</summary>
    /// <exception cref="OutputFolderLockedException">Another live job holds the folder.</exception>
    /// <param name="outputFolder">The folder.</param>
    /// <param name="worker">Which worker's lock: workers of one job share the folder, each holding its own.</param>
    public static OutputFolderLock Acquire(string outputFolder, WorkerSlice? worker = null)
    {
        var state = OutputFolderLayout.StateFolder(outputFolder);
        Directory.CreateDirectory(state);
        var suffix = worker is { Count: > 1 } w ? $"-{w.Index}-of-{w.Count}" : "";
        var ownerPath = Path.Combine(state, OwnerFileName + suffix);
        FileStream handle;
        try
        {
            handle = new FileStream(Path.Combine(state, FileName + suffix), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new OutputFolderLockedException(outputFolder, ReadOwner(ownerPath));
        }
        catch (UnauthorizedAccessException e)
        {
            throw new OutputFolderLockedException(outputFolder, ReadOwner(ownerPath), denied: e.Message);
        }
        using var process = Process.GetCurrentProcess();
        File.WriteAllText(ownerPath, FormattableString.Invariant($"process {process.Id} on host {Environment.MachineName} since {DateTimeOffset.UtcNow:u}"));
        return new OutputFolderLock(handle, ownerPath);
    }

    private static string ReadOwner(string ownerPath)
    {
        try
        {
            return File.ReadAllText(ownerPath).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "another process";
        }
    }

    /// <summary>Lets go of the folder. The lock file stays: deleting it could let two later jobs lock two different files.</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(ownerPath);
        }
        catch (IOException)
        {
            // Only informative: the next job overwrites it.
        }
        handle.Dispose();
    }
}
