namespace Img2Dataset.Engine.Reporting;

/// <summary>One shard of a dataset in the report: its counts when complete, or that it is missing or incomplete.</summary>
public sealed record ShardFigure(string Name, string Status, int Count, int Successes, int FailedToDownload, int FailedToResize, int Removed)
{
    public const string Complete = "complete";
    /// <summary>Planned, with nothing of it written: its worker failed or has not run.</summary>
    public const string Missing = "missing";
    /// <summary>Data without a commit record: a writer or an upload that did not finish.</summary>
    public const string Incomplete = "incomplete";
}
