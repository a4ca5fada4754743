namespace Img2Dataset.Engine.Reporting;

/// <summary>One host's rows in a dataset: how many, and how they ended.</summary>
public sealed class HostFigure(string host)
{
    public string Host { get; } = host;
    public long Rows { get; set; }
    public long Successes { get; set; }
    /// <summary>Rows that failed to download or to resize, refusals not included.</summary>
    public long Failures { get; set; }
    /// <summary>Rows a creator's opt-out refused.</summary>
    public long Refusals { get; set; }
}
