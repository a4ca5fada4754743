namespace Img2Dataset.Engine.Output;

/// <summary>
/// A shard folder of the files layout copied file by file into the attempt's folder: a removed sample's files are
/// left out, a marked sample's <c>KEY.json</c> gets its new <c>opt_out</c>, every other file is copied as it was.
/// </summary>
internal static class FilesRewrite
{
    public static RewrittenPart Copy(string source, string finalPath, string partial, IReadOnlyDictionary<string, SampleEdit> edits)
    {
        Directory.CreateDirectory(partial);
        var (files, bytes) = (0, 0L);
        foreach (var file in Directory.EnumerateFiles(source).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            var edit = edits.GetValueOrDefault(Path.GetFileNameWithoutExtension(name));
            if (edit?.Kind == SampleEditKind.Remove)
            {
                continue;
            }
            var target = Path.Combine(partial, name);
            if (edit is not null && name.EndsWith(".json", StringComparison.Ordinal))
            {
                File.WriteAllBytes(target, SidecarJson.WithEvidence(File.ReadAllBytes(file), edit.Evidence));
            }
            else
            {
                File.Copy(file, target);
            }
            DurableFile.Sync(target);
            files++;
            bytes += new FileInfo(target).Length;
        }
        return new RewrittenPart(finalPath, true, new CommittedObject(Path.GetFileName(finalPath) + "/", bytes, Files: files));
    }
}
