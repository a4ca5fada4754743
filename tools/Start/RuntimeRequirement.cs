using System.Text.RegularExpressions;

namespace Img2Dataset.Start;

/// <summary>The .NET runtime the pinned PowerShell tool needs, and the one line that says it is missing.</summary>
public static partial class RuntimeRequirement
{
    /// <summary>pwsh 7.6.9, pinned in .config/dotnet-tools.json, is built for .NET 10 and does not roll back.</summary>
    public const int RequiredMajor = 10;

    /// <summary>The message for a machine whose runtimes (<c>dotnet --list-runtimes</c>) lack it; null when it is there.</summary>
    public static string? Missing(string listedRuntimes)
    {
        var versions = RuntimeLine().Matches(listedRuntimes).Select(m => m.Groups["version"].Value).ToList();
        if (versions.Any(v => int.TryParse(v.Split('.')[0], out var major) && major >= RequiredMajor))
        {
            return null;
        }
        var found = versions.Count == 0 ? "none" : string.Join(", ", versions);
        return $"Img2Dataset's build runs PowerShell 7.6.9, which needs the .NET {RequiredMajor} runtime (Microsoft.NETCore.App {RequiredMajor}.x; found: {found}): " +
               $"install the .NET {RequiredMajor} SDK or runtime from https://dotnet.microsoft.com/download/dotnet/{RequiredMajor}.0, then run this command again.";
    }

    [GeneratedRegex(@"^Microsoft\.NETCore\.App (?<version>\d+\.\d+\.\d+\S*)", RegexOptions.Multiline)]
    private static partial Regex RuntimeLine();
}
