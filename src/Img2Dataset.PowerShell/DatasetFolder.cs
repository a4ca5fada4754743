using System.Management.Automation;

namespace Img2Dataset.PowerShell;

/// <summary>Resolves a dataset folder argument, failing with DatasetNotFound when it is not a folder.</summary>
internal static class DatasetFolder
{
    public static string Resolve(PSCmdlet cmdlet, string path)
    {
        var folder = cmdlet.GetUnresolvedProviderPathFromPSPath(path);
        if (!Directory.Exists(folder))
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(new DirectoryNotFoundException($"No dataset folder at {folder}."),
                "DatasetNotFound", ErrorCategory.ObjectNotFound, folder));
        }
        return folder;
    }
}
