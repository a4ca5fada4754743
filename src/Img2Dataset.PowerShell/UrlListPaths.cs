using System.Management.Automation;
using Img2Dataset.Engine.Input;

namespace Img2Dataset.PowerShell;

/// <summary>
/// Resolves a URL list argument: a plain path as given (the reader reports a missing file), a wildcard to its matches
/// in ordinal order, failing with UrlListNotFound when it matches nothing.
/// </summary>
internal static class UrlListPaths
{
    public static IEnumerable<string> Resolve(PSCmdlet cmdlet, string path)
    {
        if (Engine.Storage.StorageLocation.IsRemoteText(path))
        {
            // Remote lists (az://, a blob URL, s3://) are resolved by the engine, wildcards included.
            return [path];
        }
        if (!WildcardPattern.ContainsWildcardCharacters(path))
        {
            // Escaped wildcard characters ('list`[1`].csv') name themselves, as in Get-Content's -Path.
            return [cmdlet.GetUnresolvedProviderPathFromPSPath(WildcardPattern.Unescape(path))];
        }
        var resolved = ProviderPaths.Matches(cmdlet, path);
        if (resolved.Count == 0)
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.From(new UrlListException(UrlListErrorKind.FileNotFound, path, null, $"No input file matches {path}")));
        }
        return resolved.Order(StringComparer.Ordinal);
    }
}
