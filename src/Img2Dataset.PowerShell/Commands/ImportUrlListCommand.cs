using System.Management.Automation;
using Img2Dataset.Engine.Input;

namespace Img2Dataset.PowerShell.Commands;

/// <summary>Import-UrlList: streams URL lists of every img2dataset input format as typed UrlRow records.</summary>
[Cmdlet(VerbsData.Import, "UrlList")]
[OutputType(typeof(UrlRow))]
public sealed class ImportUrlListCommand : PSCmdlet
{
    private UrlListReader? reader;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "url_list")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter]
    [Alias("input_format")]
    [ValidateSet("txt", "txt.gz", "csv", "csv.gz", "tsv", "tsv.gz", "json", "json.gz", "jsonl", "jsonl.gz", "parquet")]
    public string? InputFormat { get; set; }

    [Parameter]
    [Alias("url_col")]
    [ValidateNotNullOrEmpty]
    public string UrlColumn { get; set; } = "url";

    [Parameter]
    [Alias("caption_col")]
    public string? CaptionColumn { get; set; }

    [Parameter]
    [Alias("bbox_col")]
    public string? BboxColumn { get; set; }

    [Parameter]
    [Alias("verify_hash_col")]
    public string? HashColumn { get; set; }

    [Parameter]
    [Alias("save_additional_columns")]
    public string[] AdditionalColumns { get; set; } = [];

    [Parameter]
    [Alias("number_sample_per_shard")]
    [ValidateRange(1, int.MaxValue)]
    public int SamplesPerShard { get; set; } = 10000;

    [Parameter]
    [Alias("oom_shard_count")]
    [ValidateRange(1, 9)]
    public int ShardCountDigits { get; set; } = 5;

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int StartShard { get; set; }

    /// <summary>
    /// Bad rows are written to the output too, after their error, so that a dataset built through the pipeline has a
    /// failed row in its metadata for each of them, as Invoke-Img2Dataset does.
    /// </summary>
    [Parameter]
    public SwitchParameter IncludeInvalidRows { get; set; }

    protected override void BeginProcessing() =>
        reader = this.Configure(() => new UrlListReader(new UrlListOptions
        {
            Format = InputFormat is null ? null : Engine.Input.InputFormat.Parse(InputFormat),
            UrlColumn = UrlColumn,
            CaptionColumn = CaptionColumn,
            BboxColumn = BboxColumn,
            HashColumn = HashColumn,
            AdditionalColumns = AdditionalColumns,
            SamplesPerShard = SamplesPerShard,
            ShardCountDigits = ShardCountDigits,
            StartShard = StartShard,
        }), "InvalidUrlListOption");

    protected override void ProcessRecord()
    {
        foreach (var path in Path.SelectMany(ResolvePath))
        {
            try
            {
                foreach (var row in reader!.Read(path))
                {
                    Emit(row);
                }
            }
            catch (UrlListException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e));
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

    private IEnumerable<string> ResolvePath(string path)
    {
        if (!WildcardPattern.ContainsWildcardCharacters(path))
        {
            return [GetUnresolvedProviderPathFromPSPath(path)];
        }
        var resolved = GetResolvedProviderPathFromPSPath(path, out _);
        if (resolved.Count == 0)
        {
            ThrowTerminatingError(ErrorRecords.From(new UrlListException(UrlListErrorKind.FileNotFound, path, null, $"No input file matches {path}")));
        }
        return resolved.Order(StringComparer.Ordinal);
    }
}
