using System.Management.Automation;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Storage;
using Img2Dataset.PowerShell.Parameters;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>Import-UrlList: streams URL lists of every img2dataset input format as typed UrlRow records.</summary>
[Cmdlet(VerbsData.Import, "UrlList", DefaultParameterSetName = ProviderPaths.PathSet, HelpUri = HelpLinks.Input)]
[OutputType(typeof(UrlRow))]
public sealed class ImportUrlListCommand : PSCmdlet, IDynamicParameters
{
    private UrlListReader? reader;

    private UrlListParameters Input { get; } = new();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ProviderPaths.PathSet)]
    [Alias("url_list")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ProviderPaths.LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    [Parameter]
    [Alias("verify_hash_col")]
    public string? HashColumn { get; set; }

    [Parameter]
    [Alias("save_additional_columns")]
    public string[] AdditionalColumns { get; set; } = [];

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int StartShard { get; set; }

    /// <summary>
    /// Bad rows are written to the output too, after their error, so that a dataset built through the pipeline has a
    /// failed row in its metadata for each of them, as Invoke-Img2Dataset does.
    /// </summary>
    [Parameter]
    public SwitchParameter IncludeInvalidRows { get; set; }

    /// <summary>An S3-compatible endpoint for s3:// locations, over AWS_ENDPOINT_URL_S3.</summary>
    [Parameter]
    public Uri? S3Endpoint { get; set; }

    public object GetDynamicParameters() => Input;

    protected override void BeginProcessing() =>
        reader = this.Configure(() => new UrlListReader(Input.Options with
        {
            HashColumn = HashColumn,
            AdditionalColumns = AdditionalColumns,
            StartShard = StartShard,
        }) { Warning = WriteWarning }, "InvalidUrlListOption");

    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == ProviderPaths.LiteralPathSet;
        foreach (var path in ProviderPaths.Existing(this, literal ? LiteralPath : Path, literal))
        {
            try
            {
                WriteVerbose($"Reading {StorageLocation.Redact(path)}");
                using var spool = StorageLocation.IsRemoteText(path) ? RemoteInputSpool.CreateAsync([path], S3Endpoint, CancellationToken.None).GetAwaiter().GetResult() : null;
                var (rows, invalid, firstShard, lastShard) = (0L, 0L, -1, -1);
                foreach (var row in spool?.LocalPaths.SelectMany(local => reader!.Read(local, spool.ShownAs(local))) ?? reader!.Read(path))
                {
                    (rows, invalid, lastShard) = (rows + 1, invalid + (row.InputError is null ? 0 : 1), row.ShardId);
                    firstShard = firstShard < 0 ? row.ShardId : firstShard;
                    Emit(row);
                }
                WriteVerbose($"Read {rows:N0} rows ({invalid:N0} invalid) from {StorageLocation.Redact(path)}{(rows > 0 ? $" into shards {firstShard} to {lastShard}" : "")}");
            }
            catch (UrlListException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e));
            }
            catch (StorageAccessException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "RemoteLocationUnavailable", ErrorCategory.PermissionDenied, e.Location));
            }
        }
    }

    private void Emit(UrlRow row)
    {
        if (row.InputError is not null)
        {
            WriteError(new ErrorRecord(new InvalidDataException(row.InputError), "InvalidUrlRow", ErrorCategory.InvalidData,
                $"{row.SourceFile}:{row.SourceLine}"));
        }
        if (row.InputError is null || IncludeInvalidRows)
        {
            WriteObject(row);
        }
    }
}
