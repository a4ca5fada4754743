using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.Engine.Jobs;

/// <summary>Running totals of a job, updated by its single writer task.</summary>
internal sealed class JobCounters
{
    private readonly ErrorTally errors = new();

    public long Count { get; private set; }
    public long Successes { get; private set; }
    public long FailedToDownload { get; private set; }
    public long FailedToResize { get; private set; }

    /// <summary>The shard of the latest row done: where the job is in its input.</summary>
    public int? CurrentShard { get; private set; }

    public void Add(DatasetSample sample)
    {
        Count++;
        CurrentShard = sample.Download.Row.ShardId;
        switch (sample.Status)
        {
            case SampleStatus.Success:
                Successes++;
                return;
            case SampleStatus.FailedToDownload:
                FailedToDownload++;
                break;
            default:
                FailedToResize++;
                break;
        }
        errors.Add(sample.ErrorMessage ?? sample.Status);
    }

    public IReadOnlyList<KeyValuePair<string, int>> TopErrors(int count) => errors.Top(count);

    public JobProgress Snapshot(long? totalRows, int shardsWritten, TimeSpan elapsed) =>
        new(Count, Successes, FailedToDownload, FailedToResize, totalRows, shardsWritten, elapsed) { CurrentShard = CurrentShard };
}
