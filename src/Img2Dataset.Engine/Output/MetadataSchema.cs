namespace Img2Dataset.Engine.Output;

/// <summary>
/// Which columns a dataset's metadata has. <see cref="Extended"/> (the default) is the reference's schema plus a last
/// <c>opt_out</c> column with each sample's consent evidence. <see cref="Reference"/> is the reference's schema
/// exactly, for readers that check it column for column or mix our shards with the reference's: the evidence then
/// follows the row's error_message (see <see cref="ReferenceSchema.ErrorMessage"/>), so nothing of it is lost.
/// </summary>
public enum MetadataSchema
{
    Extended,
    Reference,
}
