namespace Img2Dataset.Engine.Storage;

/// <summary>
/// An object as a store lists it: its name under the location, its length, the MD5 of its content when the store
/// keeps one (Azure's Content-MD5, an S3 ETag of a single-part upload), and when it was last written.
/// </summary>
public sealed record StoredObject(string Name, long Length, byte[]? ContentMd5, DateTimeOffset? LastModified);
