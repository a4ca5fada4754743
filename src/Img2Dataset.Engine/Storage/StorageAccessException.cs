namespace Img2Dataset.Engine.Storage;

/// <summary>A remote location cannot be used: bad credentials, a missing container or bucket, no write permission. Raised before any work.</summary>
public sealed class StorageAccessException(string location, string message, Exception? inner = null)
    : Exception($"{location}: {message}", inner)
{
    public string Location { get; } = location;
}
