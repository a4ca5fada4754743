namespace Img2Dataset.Engine.Output;

/// <summary>
/// A shard's TFRecord copied record by record: a removed sample's Example is left out, a marked one gets its new
/// <c>opt_out</c> feature (see <see cref="TfExample.WithFeature"/>), every other record is copied as it was.
/// </summary>
internal static class TfRecordRewrite
{
    public static RewrittenPart Copy(string source, string finalPath, string partial, IReadOnlyDictionary<string, SampleEdit> edits)
    {
        using (var input = Storage.FileSharing.OpenRead(source))
        using (var output = DurableFile.Create(partial))
        {
            foreach (var record in TfExample.ReadRecords(input))
            {
                var key = TfExample.Decode(record).GetValueOrDefault("key") is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) : "";
                var edit = edits.GetValueOrDefault(key);
                if (edit?.Kind == SampleEditKind.Remove)
                {
                    continue;
                }
                TfExample.WriteRecord(output, edit is null ? record : TfExample.WithFeature(record, "opt_out", System.Text.Encoding.UTF8.GetBytes(edit.Evidence)));
            }
            output.Flush(flushToDisk: true);
        }
        return new RewrittenPart(finalPath, false, new CommittedObject(Path.GetFileName(finalPath), new FileInfo(partial).Length));
    }
}
