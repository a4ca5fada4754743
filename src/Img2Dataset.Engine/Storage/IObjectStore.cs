namespace Img2Dataset.Engine.Storage;

/// <summary>
/// One storage location, as the job needs it: list names under it, read one as a stream, upload a local file under a
/// name (streamed; the upload is the publication: an object store never shows a half-written object), delete. Names are
/// relative to the location and use "/".
/// </summary>
public interface IObjectStore
{
    StorageLocation Location { get; }

    /// <summary>Fails with <see cref="StorageAccessException"/> unless the location exists and can be read (and written, when asked).</summary>
    Task CheckAccessAsync(bool write, CancellationToken cancellationToken);

    /// <summary>Every name under the location starting with <paramref name="namePrefix"/>, in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListAsync(string namePrefix, CancellationToken cancellationToken);

    Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken);

    Task UploadAsync(string name, string localFile, CancellationToken cancellationToken);

    Task DeleteAsync(string name, CancellationToken cancellationToken);
}
