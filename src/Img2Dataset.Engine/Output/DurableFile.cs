namespace Img2Dataset.Engine.Output;

/// <summary>
/// Files flushed to the disk before they are renamed into place: without it a power loss after the rename can
/// publish a shard whose bytes never reached the disk.
/// </summary>
internal static class DurableFile
{
    public static FileStream Create(string path) =>
        new(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);

    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        using var file = Create(path);
        file.Write(bytes);
        file.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Replaces a file in one step: written beside it and flushed, then renamed over it, waiting out a short sharing
    /// violation (a reader that has it open), so a reader finds the old file or the new one, never half of one.
    /// </summary>
    public static void Replace(string path, ReadOnlySpan<byte> content)
    {
        var partial = path + ".partial";
        Write(partial, content);
        Storage.FileSharing.Replace(() => File.Move(partial, path, overwrite: true));
    }

    /// <summary>Flushes a file written by someone else (a folder shard's files) to the disk.</summary>
    public static void Sync(string path)
    {
        // Shared for reading: a reader of the file (an antivirus scan) must not fail the flush, nor the flush the reader.
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        file.Flush(flushToDisk: true);
    }
}
