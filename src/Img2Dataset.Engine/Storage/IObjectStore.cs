namespace Img2Dataset.Engine.Storage;

/// <summary>
/// One storage location, as the job needs it: list what is under it, read one object as a stream, upload a local
/// file under a name (streamed; the upload is the publication: an object store never shows a half-written object),
/// create an object only if none has its name (the commit of a shard, which any number of writers may race for),
/// copy one object to another name within the location, delete. Names are relative to the location and use "/".
/// </summary>
public interface IObjectStore
{
    StorageLocation Location { get; }

    /// <summary>Fails with <see cref="StorageAccessException"/> unless the location exists and can be read (and written, when asked).</summary>
    Task CheckAccessAsync(bool write, CancellationToken cancellationToken);

    /// <summary>Every object under the location whose name starts with <paramref name="namePrefix"/>, in ordinal order of names.</summary>
    Task<IReadOnlyList<StoredObject>> ListAsync(string namePrefix, CancellationToken cancellationToken);

    Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken);

    /// <summary>Uploads a file; <paramref name="contentMd5"/>, when given, is stored with it (and checked by the store where it can).</summary>
    Task UploadAsync(string name, string localFile, byte[]? contentMd5, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the object with <paramref name="content"/> unless one of that name exists: true when this call created
    /// it. A store that ignores the condition (some emulators) creates it anyway and says true.
    /// </summary>
    Task<bool> TryCreateAsync(string name, byte[] content, CancellationToken cancellationToken);

    /// <summary>Copies an object of the location to another name in it, within the store (no bytes through this machine).</summary>
    Task CopyAsync(string source, string target, CancellationToken cancellationToken);

    Task DeleteAsync(string name, CancellationToken cancellationToken);
}
