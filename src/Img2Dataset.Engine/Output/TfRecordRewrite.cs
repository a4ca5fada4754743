using System.Text;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// A shard's TFRecord copied record by record: a removed sample's Example is left out, a marked one gets its new
/// <c>opt_out</c> feature (see <see cref="TfExample.WithFeature"/>), or, written with the reference's schema (no
/// opt_out), a new error_message carrying it; every other record is copied as it was.
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
                var features = TfExample.Decode(record);
                var edit = edits.GetValueOrDefault(Text(features.GetValueOrDefault("key")) ?? "");
                if (edit?.Kind == SampleEditKind.Remove)
                {
                    continue;
                }
                TfExample.WriteRecord(output, edit is null ? record : Marked(record, features, edit.Evidence));
            }
            output.Flush(flushToDisk: true);
        }
        return new RewrittenPart(finalPath, false, new CommittedObject(Path.GetFileName(finalPath), new FileInfo(partial).Length));
    }

    private static byte[] Marked(byte[] record, Dictionary<string, object?> features, string evidence) => features.ContainsKey("opt_out")
        ? TfExample.WithFeature(record, "opt_out", Encoding.UTF8.GetBytes(evidence))
        : TfExample.WithFeature(record, "error_message", Encoding.UTF8.GetBytes(ReferenceSchema.Replace(Text(features.GetValueOrDefault("error_message")), evidence)!));

    private static string? Text(object? value) => value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : null;
}
