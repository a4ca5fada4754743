namespace Img2Dataset.Engine.Storage;

/// <summary>
/// Local paths compared as the file system compares them: without regard to case on Windows and macOS (NTFS and APFS
/// by default), exactly on Linux. A guard that compared "C:\Data" and "c:\data" as different folders would let a
/// job delete what it must keep.
/// </summary>
public static class LocalPaths
{
    public static StringComparison Comparison { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> itself or lies inside it (both full paths).</summary>
    public static bool IsWithin(string folder, string path)
    {
        var root = WithSeparator(folder);
        return WithSeparator(path).StartsWith(root, Comparison);
    }

    /// <summary>
    /// <paramref name="path"/> relative to <paramref name="folder"/> with '/' separators (which every platform reads),
    /// when it lies inside it; null otherwise.
    /// </summary>
    public static string? RelativeWithin(string folder, string path) =>
        IsWithin(folder, path) ? Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/') : null;

    /// <summary>
    /// Moves <paramref name="source"/> to <paramref name="target"/> unless that name is taken, in which case the source
    /// is deleted: a create-if-absent, so of any number of writers racing for one name exactly one gets it. True when
    /// this move took it. On Windows a move without replacing is one atomic call (MoveFileEx); elsewhere .NET's
    /// File.Move checks for the target and then renames, which overwrites a target created in between (8 threads
    /// racing for one name: two winners in one round of ten), so the name is taken with link(2), which fails when
    /// it exists, on every POSIX file system (NFS included), and the source is then unlinked.
    /// </summary>
    public static bool TryMoveToNew(string source, string target)
    {
        if (!OperatingSystem.IsWindows() && UnixLink.TryLink(source, target) is { } linked)
        {
            File.Delete(source);
            return linked;
        }
        try
        {
            File.Move(source, target, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(target))
        {
            File.Delete(source);
            return false;
        }
    }

    /// <summary>
    /// Deletes a file or a folder and everything in it, read-only files included: on Windows a read-only file refuses
    /// deletion, and a dataset copied from a share or a read-only medium keeps the attribute (-Force means replace).
    /// </summary>
    public static void DeleteForcibly(FileSystemInfo entry)
    {
        if (entry is DirectoryInfo folder)
        {
            foreach (var file in folder.EnumerateFiles("*", SearchOption.AllDirectories))
            {
                Writable(file);
            }
            folder.Delete(recursive: true);
            return;
        }
        Writable(entry);
        entry.Delete();
    }

    /// <summary>Clears a file's read-only attribute, so it can be replaced or deleted.</summary>
    public static void MakeWritable(string path)
    {
        if (File.Exists(path))
        {
            Writable(new FileInfo(path));
        }
    }

    private static void Writable(FileSystemInfo entry)
    {
        if (entry.Exists && entry.Attributes.HasFlag(FileAttributes.ReadOnly))
        {
            entry.Attributes &= ~FileAttributes.ReadOnly;
        }
    }

    private static string WithSeparator(string path) =>
        Path.EndsInDirectorySeparator(path) ? path : path + Path.DirectorySeparatorChar;
}
