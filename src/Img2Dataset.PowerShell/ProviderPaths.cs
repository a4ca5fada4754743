using System.Collections.ObjectModel;
using System.Management.Automation;

namespace Img2Dataset.PowerShell;

/// <summary>
/// -Path and -LiteralPath as PowerShell's own cmdlets take them: -Path expands wildcards (matches in ordinal order)
/// and takes escaped ones as written ('list`[1`].csv'),
/// -LiteralPath takes every character as written (so "list[1].csv" works). A path that names nothing is a
/// non-terminating PathNotFound error, and the other paths are still used. A remote location (az://, a blob URL,
/// s3://) is no provider path: it is passed on as written, in its place, for the engine to resolve.
/// </summary>
internal static class ProviderPaths
{
    public const string PathSet = "Path";
    public const string LiteralPathSet = "LiteralPath";

    public static IEnumerable<string> Existing(PSCmdlet cmdlet, IEnumerable<string> paths, bool literal)
    {
        foreach (var path in paths)
        {
            foreach (var resolved in Resolve(cmdlet, path, literal))
            {
                yield return resolved;
            }
        }
    }

    private static IReadOnlyList<string> Resolve(PSCmdlet cmdlet, string path, bool literal)
    {
        if (Engine.Storage.StorageLocation.IsRemoteText(path))
        {
            return [path];
        }
        if (!literal && WildcardPattern.ContainsWildcardCharacters(path))
        {
            var matches = Matches(cmdlet, path);
            if (matches.Count == 0)
            {
                NotFound(cmdlet, path);
            }
            return matches.Order(StringComparer.Ordinal).ToList();
        }
        // A -Path without wildcards may still escape them ('list`[1`].csv'), as Get-Content's -Path does.
        var full = cmdlet.GetUnresolvedProviderPathFromPSPath(literal ? path : WildcardPattern.Unescape(path));
        if (File.Exists(full) || Directory.Exists(full))
        {
            return [full];
        }
        NotFound(cmdlet, full);
        return [];
    }

    /// <summary>The files a wildcard pattern matches, none when it matches nothing.</summary>
    public static Collection<string> Matches(PSCmdlet cmdlet, string pattern)
    {
        try
        {
            return cmdlet.GetResolvedProviderPathFromPSPath(pattern, out _);
        }
        catch (ItemNotFoundException)
        {
            return [];
        }
    }

    private static void NotFound(PSCmdlet cmdlet, string path) =>
        cmdlet.WriteError(new ErrorRecord(new ItemNotFoundException($"Cannot find path '{path}' because it does not exist."),
            "PathNotFound", ErrorCategory.ObjectNotFound, path));
}
