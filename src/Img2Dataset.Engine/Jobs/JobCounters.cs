using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;

namespace Img2Dataset.Engine.Jobs;

/// <summary>Running totals of a job, updated by its single writer task.</summary>
internal sealed class JobCounters
{
    private readonly Dictionary<string, int> errors = [];

    public long Count { get; private set; }
    public long Successes { get; private set; }
    public long FailedToDownload { get; private set; }
    public long FailedToResize { get; private set; }

    public void Add(DatasetSample sample)
    {
        Count++;
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
        var message = sample.ErrorMessage ?? sample.Status;
        errors[message] = errors.GetValueOrDefault(message) + 1;
    }

    public IReadOnlyList<KeyValuePair<string, int>> TopErrors(int count) =>
        errors.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Take(count).ToList();

    public JobProgress Snapshot(long? totalRows, int shardsWritten, TimeSpan elapsed) =>
        new(Count, Successes, FailedToDownload, FailedToResize, totalRows, shardsWritten, elapsed);
}
