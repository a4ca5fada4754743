using System.Management.Automation;
using Img2Dataset.Engine.Input;

namespace Img2Dataset.PowerShell.Parameters;

/// <summary>
/// How a URL list is read and sharded, declared once and served as dynamic parameters by every cmdlet that reads URL
/// lists (Import-UrlList, Invoke-Img2Dataset).
/// </summary>
public sealed class UrlListParameters
{
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
    [Alias("number_sample_per_shard")]
    [ValidateRange(1, int.MaxValue)]
    public int SamplesPerShard { get; set; } = 10000;

    [Parameter]
    [Alias("oom_shard_count")]
    [ValidateRange(1, 9)]
    public int ShardCountDigits { get; set; } = 5;

    /// <summary>The reader options these parameters give; the hash and additional columns are the caller's to add.</summary>
    public UrlListOptions Options => new()
    {
        Format = InputFormat is null ? null : Engine.Input.InputFormat.Parse(InputFormat),
        UrlColumn = UrlColumn,
        CaptionColumn = CaptionColumn,
        BboxColumn = BboxColumn,
        SamplesPerShard = SamplesPerShard,
        ShardCountDigits = ShardCountDigits,
    };
}
