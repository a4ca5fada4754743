namespace Img2Dataset.Engine.Output;

/// <summary>
/// One attempt at writing a shard: its files are written under names of their own (<c>00000.tar.ATTEMPT.partial</c>),
/// so no two writers of one shard ever write the same file, and only the attempt whose commit (the stats file) was
/// created publishes them under the shard's names. A shard folder (the files layout) is swapped in by renames, the
/// old one out of the way first: a crash in between leaves the folder missing, which its commit shows, never half
/// of one and half of the other.
/// </summary>
public sealed class ShardAttempt
{
    public const string Suffix = ".partial";

    private ShardAttempt(string id) => Id = id;

    public string Id { get; }

    public static ShardAttempt New() => new(Guid.NewGuid().ToString("N")[..16]);

    public static ShardAttempt Of(string id) => new(id);

    /// <summary>Where this attempt writes the file (or folder) published at <paramref name="finalPath"/>.</summary>
    public string Partial(string finalPath) => $"{finalPath}.{Id}{Suffix}";

    /// <summary>
    /// Moves this attempt's file or folder for <paramref name="finalPath"/> into place, replacing what is there; a
    /// reader holding the old one open (on Windows) is waited for a while (<see cref="Storage.FileSharing.Replace"/>).
    /// </summary>
    public void Publish(string finalPath, bool isFolder)
    {
        var partial = Partial(finalPath);
        if (!isFolder)
        {
            Storage.LocalPaths.MakeWritable(finalPath);
            Storage.FileSharing.Replace(() => File.Move(partial, finalPath, overwrite: true));
            return;
        }
        if (Directory.Exists(finalPath))
        {
            var replaced = $"{finalPath}.{Id}.replaced{Suffix}";
            Storage.FileSharing.Replace(() => Directory.Move(finalPath, replaced));
            Storage.FileSharing.Replace(() => Directory.Move(partial, finalPath));
            Storage.LocalPaths.DeleteForcibly(new DirectoryInfo(replaced));
            return;
        }
        Storage.FileSharing.Replace(() => Directory.Move(partial, finalPath));
    }

    /// <summary>Whether this attempt's file or folder for <paramref name="finalPath"/> is still there to publish.</summary>
    public bool HasPartial(string finalPath) => File.Exists(Partial(finalPath)) || Directory.Exists(Partial(finalPath));

    /// <summary>Removes this attempt's file or folder for <paramref name="finalPath"/>, if any.</summary>
    public void Discard(string finalPath)
    {
        var partial = Partial(finalPath);
        if (File.Exists(partial))
        {
            File.Delete(partial);
        }
        else if (Directory.Exists(partial))
        {
            Directory.Delete(partial, recursive: true);
        }
    }

    /// <summary>Removes a published file or folder again, when the rest of its shard could not be published.</summary>
    public static void Retract(string finalPath, bool isFolder)
    {
        if (isFolder && Directory.Exists(finalPath))
        {
            Directory.Delete(finalPath, recursive: true);
        }
        else if (!isFolder && File.Exists(finalPath))
        {
            File.Delete(finalPath);
        }
    }
}
