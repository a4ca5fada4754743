namespace Img2Dataset.Engine.Storage;

/// <summary>Where a URL list or a dataset lives.</summary>
public enum StorageKind
{
    Local,
    AzureBlob,
    S3,
}
