using System.Management.Automation;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>The dataset folders of the cmdlets that read datasets back: -Path with wildcards, or -LiteralPath.</summary>
public abstract class DatasetFolderCommandBase : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ProviderPaths.PathSet)]
    [Alias("OutputFolder")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ProviderPaths.LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The folders named, each that is missing or not a folder a non-terminating error.</summary>
    protected IEnumerable<string> Folders()
    {
        var literal = ParameterSetName == ProviderPaths.LiteralPathSet;
        return ProviderPaths.Existing(this, literal ? LiteralPath : Path, literal).Where(folder => DatasetFolder.IsFolder(this, folder));
    }
}
