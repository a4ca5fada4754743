namespace Img2Dataset.Engine.Fetch;

/// <summary>img2dataset's sample statuses, as written in the metadata.</summary>
public static class SampleStatus
{
    public const string Success = "success";
    public const string FailedToDownload = "failed_to_download";
    public const string FailedToResize = "failed_to_resize";
    /// <summary>Ours: a sample taken out of a dataset after it was built (a takedown, an opt-out found on re-checking); its row stays.</summary>
    public const string Removed = "removed";
}
