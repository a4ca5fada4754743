using System.Management.Automation;

namespace Img2Dataset.PowerShell;

/// <summary>Whether a resolved path is a dataset folder; a file in its place is a non-terminating DatasetNotFound error.</summary>
internal static class DatasetFolder
{
    public static bool IsFolder(PSCmdlet cmdlet, string path)
    {
        if (Directory.Exists(path))
        {
            return true;
        }
        cmdlet.WriteError(new ErrorRecord(new DirectoryNotFoundException($"{path} is not a dataset folder."),
            "DatasetNotFound", ErrorCategory.ObjectNotFound, path));
        return false;
    }
}
