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
    /// is deleted: a create-if-absent that every file system (NFS 3 and later and SMB included) performs atomically, so
    /// of any number of writers racing for one name exactly one gets it. True when this move took it.
    /// </summary>
    public static bool TryMoveToNew(string source, string target)
    {
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

    private static string WithSeparator(string path) =>
        Path.EndsInDirectorySeparator(path) ? path : path + Path.DirectorySeparatorChar;
}
