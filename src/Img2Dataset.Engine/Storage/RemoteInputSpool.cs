using System.IO.Enumeration;
using Img2Dataset.Engine.Input;

namespace Img2Dataset.Engine.Storage;

/// <summary>
/// Brings remote URL lists to a local temporary folder, streamed object by object, so the readers (which need seekable
/// files for parquet) read them as local files; local entries are kept as they are. A location is one object, a
/// prefix (every object under it, as a folder: the readers pick the files of the input format, in name order), or a
/// prefix with a wildcard in its last segment (<c>az://c/lists/part-*.parquet</c>). Memory stays bounded; the disk holds
/// one copy of the lists until the job ends.
/// </summary>
public sealed class RemoteInputSpool : IDisposable
{
    private readonly string? folder;

    private RemoteInputSpool(IReadOnlyList<string> paths, string? folder, IReadOnlyDictionary<string, string>? shownAs = null)
    {
        LocalPaths = paths;
        this.folder = folder;
        this.shownAs = shownAs ?? new Dictionary<string, string>();
    }

    private readonly IReadOnlyDictionary<string, string> shownAs;

    /// <summary>The lists as local paths, in the order given.</summary>
    public IReadOnlyList<string> LocalPaths { get; }

    /// <summary>What rows and errors call a local path: the remote list it copies (without a SAS); null for a local list.</summary>
    public string? ShownAs(string localPath) => shownAs.GetValueOrDefault(localPath);

    /// <exception cref="UrlListException">A remote list does not exist.</exception>
    /// <exception cref="StorageAccessException">A remote location cannot be read.</exception>
    public static async Task<RemoteInputSpool> CreateAsync(IReadOnlyList<string> urlList, Uri? s3Endpoint, CancellationToken cancellationToken)
    {
        if (!urlList.Any(StorageLocation.IsRemoteText))
        {
            return new RemoteInputSpool(urlList, null);
        }
        var folder = Path.Combine(Path.GetTempPath(), "img2dataset-input-" + Guid.NewGuid().ToString("N"));
        var spool = new RemoteInputSpool([], folder);
        try
        {
            var paths = new List<string>();
            var shown = new Dictionary<string, string>();
            for (var i = 0; i < urlList.Count; i++)
            {
                if (!StorageLocation.IsRemoteText(urlList[i]))
                {
                    paths.Add(urlList[i]);
                    continue;
                }
                var (local, source) = await BringAsync(urlList[i], Path.Combine(folder, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), s3Endpoint, cancellationToken);
                paths.Add(local);
                shown[local] = StorageLocation.WithoutSas(source);
            }
            return new RemoteInputSpool(paths, folder, shown);
        }
        catch
        {
            spool.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Copies a remote list into <paramref name="target"/>; returns the local file or folder, and the location it came
    /// from: a wildcard's folder, else the location itself.
    /// </summary>
    private static async Task<(string Local, string Source)> BringAsync(string location, string target, Uri? s3Endpoint, CancellationToken cancellationToken)
    {
        var parsed = StorageLocation.Parse(location);
        var lastSlash = parsed.Prefix.LastIndexOf('/');
        var lastSegment = parsed.Prefix[(lastSlash + 1)..];
        var wildcard = lastSegment.AsSpan().IndexOfAny('*', '?') >= 0 ? lastSegment : null;
        var source = wildcard is null ? location : WithoutLastSegment(location, lastSegment);
        var store = ObjectStores.Open(source, s3Endpoint);
        await store.CheckAccessAsync(write: false, cancellationToken);
        var names = (await store.ListAsync("", cancellationToken)).Select(o => o.Name).Where(n => !n.Contains('/')).ToList();
        if (wildcard is not null)
        {
            names = names.Where(n => FileSystemName.MatchesSimpleExpression(wildcard, n)).ToList();
        }
        Directory.CreateDirectory(target);
        if (wildcard is null && names.Count == 0)
        {
            // Not a prefix with objects under it: the location is one object.
            var file = Path.Combine(target, lastSegment);
            await CopyAsync(store, "", file, StorageLocation.Redact(location), cancellationToken);
            return (file, source);
        }
        if (names.Count == 0)
        {
            throw new UrlListException(UrlListErrorKind.FileNotFound, StorageLocation.Redact(location), null, $"No object matches {StorageLocation.Redact(location)}.");
        }
        foreach (var name in names)
        {
            await CopyAsync(store, name, ObjectLocalPath.In(target, name, store.Location), store.Location.Describe(name), cancellationToken);
        }
        return (target, source);
    }

    private static string WithoutLastSegment(string location, string lastSegment)
    {
        var query = location.IndexOf('?');
        var path = query < 0 ? location : location[..query];
        return path[..^lastSegment.Length].TrimEnd('/') + (query < 0 ? "" : location[query..]);
    }

    private static async Task CopyAsync(IObjectStore store, string name, string file, string described, CancellationToken cancellationToken)
    {
        try
        {
            await store.DownloadAsync(name, file, cancellationToken);
        }
        catch (Exception e) when (e is Azure.RequestFailedException { Status: 404 } or Amazon.S3.AmazonS3Exception { StatusCode: System.Net.HttpStatusCode.NotFound })
        {
            throw new UrlListException(UrlListErrorKind.FileNotFound, described, null, $"The URL list {described} does not exist.");
        }
    }

    public void Dispose()
    {
        if (folder is not null && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
