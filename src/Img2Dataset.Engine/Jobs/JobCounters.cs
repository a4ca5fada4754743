using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.Engine.Jobs;

/// <summary>
/// Running totals of a job, updated by its single writer task, counting each input row once however many passes
/// its shard takes: a shard's rows are tallied apart until the shard is written, and a shard that failed and is
/// written again by a retry pass starts its tally afresh (<see cref="Restart"/>). The rows of a shard that still
/// failed after every pass are counted once, from its last pass. A remote shard is written once uploaded, which
/// another thread tells, hence the lock.
/// </summary>
internal sealed class JobCounters
{
    private readonly object gate = new();
    private readonly Tally written = new();
    private readonly Dictionary<int, Tally> open = [];
    private int? currentShard;

    public long Count => Sum(t => t.Count);
    public long Successes => Sum(t => t.Successes);
    public long FailedToDownload => Sum(t => t.FailedToDownload);
    public long FailedToResize => Sum(t => t.FailedToResize);

    public void Add(DatasetSample sample)
    {
        var shard = sample.Download.Row.ShardId;
        lock (gate)
        {
            currentShard = shard;
            if (!open.TryGetValue(shard, out var tally))
            {
                open[shard] = tally = new Tally();
            }
            tally.Add(sample);
        }
    }

    /// <summary>A shard was written (for a remote dataset: uploaded): its rows are counted for good.</summary>
    public void Written(int shardId)
    {
        lock (gate)
        {
            if (open.Remove(shardId, out var tally))
            {
                written.Merge(tally);
            }
        }
    }

    /// <summary>These shards are written again: what their failed passes counted is forgotten.</summary>
    public void Restart(IEnumerable<int> shardIds)
    {
        lock (gate)
        {
            foreach (var shard in shardIds)
            {
                open.Remove(shard);
            }
        }
    }

    public IReadOnlyList<KeyValuePair<string, int>> TopErrors(int count)
    {
        var errors = new ErrorTally();
        lock (gate)
        {
            foreach (var tally in open.Values.Prepend(written))
            {
                foreach (var (message, n) in tally.Errors.Counts)
                {
                    errors.Add(message, n);
                }
            }
        }
        return errors.Top(count);
    }

    public JobProgress Snapshot(long? totalRows, int shardsWritten, TimeSpan elapsed)
    {
        lock (gate)
        {
            return new(Count, Successes, FailedToDownload, FailedToResize, totalRows, shardsWritten, elapsed) { CurrentShard = currentShard };
        }
    }

    private long Sum(Func<Tally, long> count)
    {
        lock (gate)
        {
            return count(written) + open.Values.Sum(count);
        }
    }

    private sealed class Tally
    {
        public long Count { get; private set; }
        public long Successes { get; private set; }
        public long FailedToDownload { get; private set; }
        public long FailedToResize { get; private set; }
        public ErrorTally Errors { get; } = new();

        public void Add(DatasetSample sample)
        {
            Count++;
            switch (sample.Status)
            {
                case Fetch.SampleStatus.Success:
                    Successes++;
                    return;
                case Fetch.SampleStatus.FailedToDownload:
                    FailedToDownload++;
                    break;
                default:
                    FailedToResize++;
                    break;
            }
            Errors.Add(sample.ErrorMessage ?? sample.Status);
        }

        public void Merge(Tally other)
        {
            Count += other.Count;
            Successes += other.Successes;
            FailedToDownload += other.FailedToDownload;
            FailedToResize += other.FailedToResize;
            foreach (var (message, n) in other.Errors.Counts)
            {
                Errors.Add(message, n);
            }
        }
    }
}
