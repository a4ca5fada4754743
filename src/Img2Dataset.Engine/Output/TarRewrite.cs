using System.Formats.Tar;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// A shard's tar copied entry by entry: a removed sample's entries are left out, a marked sample's <c>KEY.json</c> is
/// written with its new <c>opt_out</c>, every other entry is copied with its header and bytes as they were.
/// </summary>
internal static class TarRewrite
{
    private const int EndOfArchiveBytes = 2 * 512;

    public static RewrittenPart Copy(string source, string finalPath, string partial, IReadOnlyDictionary<string, SampleEdit> edits)
    {
        using (var input = Storage.FileSharing.OpenRead(source))
        using (var reader = new TarReader(input))
        using (var output = DurableFile.Create(partial))
        {
            var written = false;
            using (var writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true))
            {
                while (reader.GetNextEntry() is { } entry)
                {
                    var edit = edits.GetValueOrDefault(Path.GetFileNameWithoutExtension(entry.Name));
                    if (edit?.Kind == SampleEditKind.Remove)
                    {
                        continue;
                    }
                    writer.WriteEntry(edit is not null && entry.Name.EndsWith(".json", StringComparison.Ordinal) ? Marked(entry, edit) : entry);
                    written = true;
                }
            }
            if (!written)
            {
                // As a new shard of failures: an empty but valid archive, which TarWriter does not write without entries.
                output.Write(new byte[EndOfArchiveBytes]);
            }
            output.Flush(flushToDisk: true);
        }
        return new RewrittenPart(finalPath, false, new CommittedObject(Path.GetFileName(finalPath), new FileInfo(partial).Length));
    }

    private static UstarTarEntry Marked(TarEntry entry, SampleEdit edit)
    {
        using var json = new MemoryStream();
        entry.DataStream?.CopyTo(json);
        return new UstarTarEntry(TarEntryType.RegularFile, entry.Name)
        {
            DataStream = new MemoryStream(SidecarJson.WithEvidence(json.ToArray(), edit.Evidence), writable: false),
            Mode = entry.Mode,
            ModificationTime = entry.ModificationTime,
            Uid = entry.Uid,
            Gid = entry.Gid,
            UserName = (entry as PosixTarEntry)?.UserName ?? "",
            GroupName = (entry as PosixTarEntry)?.GroupName ?? "",
        };
    }
}
