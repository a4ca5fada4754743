using System.Management.Automation;
using Img2Dataset.Engine.Output;
using Img2Dataset.Engine.Storage;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>
/// The dataset folders of the cmdlets that read datasets back: -Path with wildcards, or -LiteralPath; a remote
/// location (az://, a blob URL, s3://) has its metadata and stats copied to a temporary folder first, and its images
/// one shard at a time while they are read (RemoteDatasetMirror); the copy is deleted when the cmdlet ends.
/// </summary>
public abstract class DatasetFolderCommandBase : PSCmdlet, IDisposable
{
    private readonly Dictionary<string, RemoteDatasetMirror> mirrors = new(StringComparer.Ordinal);

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ProviderPaths.PathSet)]
    [Alias("OutputFolder")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ProviderPaths.LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The S3-compatible endpoint for s3:// locations, over AWS_ENDPOINT_URL_S3.</summary>
    [Parameter]
    public Uri? S3Endpoint { get; set; }

    /// <summary>The folders named, each that is missing or not a folder a non-terminating error; remote ones copied locally.</summary>
    protected IEnumerable<string> Folders()
    {
        foreach (var location in Locations())
        {
            if (FolderOf(location) is { } folder)
            {
                yield return folder;
            }
        }
    }

    /// <summary>The samples of a folder from <see cref="Folders"/>: a remote dataset's images downloaded shard by shard as they are read.</summary>
    protected IEnumerable<StoredSample> Samples(string folder) =>
        mirrors.TryGetValue(folder, out var mirror) ? mirror.Samples(CancellationToken.None) : DatasetReader.Read(folder);

    /// <summary>The local folder of a location: itself, or a remote dataset's copy (null, with an error written, when it cannot be read).</summary>
    private string? FolderOf(string location)
    {
        if (!StorageLocation.IsRemoteText(location))
        {
            return location;
        }
        var mirror = Remote(location, store => RemoteDatasetMirror.CreateAsync(store, CancellationToken.None));
        if (mirror is null)
        {
            return null;
        }
        mirrors.Add(mirror.Folder, mirror);
        return mirror.Folder;
    }

    /// <summary>The locations named, in order: remote ones as written, local ones resolved (missing ones reported).</summary>
    protected IEnumerable<string> Locations()
    {
        var literal = ParameterSetName == ProviderPaths.LiteralPathSet;
        return ProviderPaths.Existing(this, literal ? LiteralPath : Path, literal)
            .Where(location => StorageLocation.IsRemoteText(location) || DatasetFolder.IsFolder(this, location));
    }

    /// <summary>Runs a read of a remote location; a location that cannot be used is a non-terminating error naming it.</summary>
    protected T? Remote<T>(string location, Func<IObjectStore, Task<T>> read) where T : class
    {
        try
        {
            return read(ObjectStores.Open(location, S3Endpoint)).GetAwaiter().GetResult();
        }
        catch (StorageAccessException e)
        {
            WriteError(new ErrorRecord(e, "RemoteLocationUnavailable", ErrorCategory.PermissionDenied, StorageLocation.Redact(location)));
            return null;
        }
    }

    public void Dispose()
    {
        foreach (var mirror in mirrors.Values)
        {
            mirror.Dispose();
        }
        mirrors.Clear();
        GC.SuppressFinalize(this);
    }
}
