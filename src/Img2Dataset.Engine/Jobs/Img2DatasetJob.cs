using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Output;

namespace Img2Dataset.Engine.Jobs;

/// <summary>
/// The whole img2dataset job: read → download (ThreadCount at once) → transform (one image per core) → write shards,
/// every stage a bounded channel, so memory depends on the concurrency settings and never on the input size.
/// At most ProcessesCount shards are in flight: the next shard's rows are fed only when one completes.
/// Complete shards are skipped on a re-run (incremental), so a stopped or killed job resumes where it was.
/// </summary>
public sealed class Img2DatasetJob(JobOptions options)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Where the job's messages go (the reference's console lines: retries, failed shards).</summary>
    public Action<string> Log { get; init; } = _ => { };

    /// <summary>What a verbose stream shows: the inputs, the shards kept, each shard as it completes.</summary>
    public Action<string> Verbose { get; init; } = _ => { };

    /// <summary>What a debug stream shows: each download retry and its wait.</summary>
    public Action<string> Debug { get; init; } = _ => { };

    /// <summary>What a warning stream shows: a site's signal file that is malformed, once per site.</summary>
    public Action<string> Warning { get; init; } = _ => { };

    /// <exception cref="ArgumentException">An option is invalid; nothing was created.</exception>
    /// <exception cref="UrlListException">An input file cannot be read; nothing was created.</exception>
    /// <exception cref="OutputFolderLockedException">Another job is writing to the output folder; nothing was touched.</exception>
    public async Task<JobSummary> RunAsync(Action<JobProgress>? progress, CancellationToken cancellationToken)
    {
        options.Validate();
        Preflight();
        var output = Path.GetFullPath(options.OutputFolder);
        using var folderLock = OutputFolderLock.Acquire(output);
        var (done, startShard) = PrepareOutput(output);
        Verbose($"Reading {string.Join(", ", options.UrlList)} into {output} ({options.IncrementalMode.ToString().ToLowerInvariant()} mode)");
        if (done.Count > 0)
        {
            Verbose($"Skipping {done.Count} complete shards: {string.Join(", ", done.Order().Take(20))}{(done.Count > 20 ? ", …" : "")}");
        }
        JobConfiguration.Write(output, options);
        var input = options.Input with { StartShard = startShard };
        var clock = Stopwatch.StartNew();
        var counters = new JobCounters();
        using var counting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var totalRows = Task.Run(() => CountRows(input, done, counting.Token), counting.Token);
        try
        {
            var reporter = new ProgressThrottle(progress, counters, totalRows, clock);
            var failed = await RunPassAsync(output, input, done, null, counters, reporter, cancellationToken);
            for (var attempt = 1; attempt <= options.MaxShardRetry && failed.Count > 0; attempt++)
            {
                Log($"Retrying {failed.Count} shards, try {attempt}");
                failed = await RunPassAsync(output, input, done, failed, counters, reporter, cancellationToken);
            }
            if (failed.Count > 0)
            {
                Log($"Retried {options.MaxShardRetry} times, but {failed.Count} shards still failed. You may restart the same command to retry again.");
            }
            reporter.Report(force: true);
            return new JobSummary(output, counters.Count, counters.Successes, counters.FailedToDownload, counters.FailedToResize, clock.Elapsed,
                reporter.ShardsWritten, done.Count, failed.Order().ToList(), counters.TopErrors(10));
        }
        finally
        {
            // The count reads the inputs too: it must let go of them before the job returns, whatever the outcome.
            await counting.CancelAsync();
            await ((Task)totalRows).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Opens every input and reads its first record, so a missing file or column fails before anything is created.</summary>
    private void Preflight()
    {
        var reader = new UrlListReader(options.Input);
        foreach (var path in options.UrlList)
        {
            _ = reader.Read(path).Take(1).ToList();
        }
    }

    private (HashSet<int> Done, int StartShard) PrepareOutput(string output)
    {
        if (options.IncrementalMode == IncrementalMode.Overwrite)
        {
            RefuseToDeleteInputs(output);
            OutputFolderLayout.Clear(output, options.OverwriteEverything);
        }
        foreach (var partial in Directory.EnumerateFileSystemEntries(output, "*" + ".partial"))
        {
            // Left by a run that was killed: never complete, so never kept.
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true); else File.Delete(partial);
        }
        var existing = DatasetReader.CompleteShards(output)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (int?)null)
            .OfType<int>()
            .ToHashSet();
        return options.IncrementalMode switch
        {
            IncrementalMode.Incremental => (existing, options.Input.StartShard),
            IncrementalMode.Extend => ([], existing.Count == 0 ? options.Input.StartShard : existing.Max() + 1),
            _ => ([], options.Input.StartShard),
        };
    }

    private void RefuseToDeleteInputs(string output)
    {
        var root = output.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if (options.UrlList.Select(Path.GetFullPath).Any(p => p.StartsWith(root, StringComparison.Ordinal) || root.StartsWith(p.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"Overwrite would delete {output}, which holds the input URL list.", nameof(options.OutputFolder));
        }
    }

    private long CountRows(UrlListOptions input, HashSet<int> done, CancellationToken cancellationToken)
    {
        var reader = new UrlListReader(input);
        return options.UrlList.SelectMany(reader.Read).TakeWhile(_ => !cancellationToken.IsCancellationRequested).LongCount(r => !done.Contains(r.ShardId));
    }

    private async Task<HashSet<int>> RunPassAsync(string output, UrlListOptions input, HashSet<int> done, HashSet<int>? only,
        JobCounters counters, ProgressThrottle reporter, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = stop.Token;
        using var downloader = new ImageDownloader(options.Download, Debug, Warning);
        var transformer = new ImageTransformer(options.Image);
        var downloads = downloader.Start(token);
        var transforms = new BoundedWorkerPool<DownloadedImage, DatasetSample>(options.TransformWorkers, 2 * options.TransformWorkers,
            (image, _) => Task.FromResult(transformer.Transform(image)), transformer.Unexpected, token);
        using var assembler = new ShardAssembler(output, options.OutputFormat);
        using var shardSlots = new SemaphoreSlim(options.ProcessesCount);
        var reader = new UrlListReader(input);
        var rows = options.UrlList.SelectMany(reader.Read).Where(r => !done.Contains(r.ShardId) && (only is null || only.Contains(r.ShardId)));
        var feeding = Task.Run(() => FeedAsync(rows, downloads.Input, assembler, shardSlots, token), token);
        var forwarding = Task.Run(() => ForwardAsync(downloads.Output, transforms.Input, token), token);
        var failed = new HashSet<int>();
        try
        {
            await foreach (var sample in transforms.Output.ReadAllAsync(token))
            {
                counters.Add(sample);
                Write(assembler, sample, failed, shardSlots, reporter);
                reporter.Report(force: false);
            }
            await Task.WhenAll(feeding, forwarding);
        }
        catch
        {
            // Stop the other stages so the first failure, not a cancellation it caused, is what surfaces; and wait for
            // the feeder, which holds the input files open, so the job lets go of them before it returns.
            await stop.CancelAsync();
            await Task.WhenAll(feeding, forwarding).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
        return failed;
    }

    private void Write(ShardAssembler assembler, DatasetSample sample, HashSet<int> failed, SemaphoreSlim shardSlots, ProgressThrottle reporter)
    {
        var shard = sample.Download.Row.ShardId;
        try
        {
            if (!failed.Contains(shard) && assembler.Add(sample) is { } completed)
            {
                Verbose($"Shard {completed.Name} complete: {completed.Path}, {completed.Successes} of {completed.Count} succeeded");
                reporter.ShardsWritten++;
                shardSlots.Release();
                reporter.Report(force: true);
            }
        }
        catch (Exception e)
        {
            // Whatever a writer throws (a full disk, a name taken by a folder, a value its format cannot hold), only
            // this shard fails: its files are removed and MaxShardRetry redoes it.
            Log($"shard {shard} failed with error {e.Message}");
            failed.Add(shard);
            assembler.Discard(shard);
            shardSlots.Release();
        }
        finally
        {
            sample.Download.ReleaseBody();
        }
    }

    /// <summary>
    /// Feeds rows in input order, taking a shard slot at each new shard. Looking one row ahead, it tells the assembler a
    /// shard's row count before feeding that shard's last row, so a short shard completes as soon as its rows are done.
    /// </summary>
    private static async Task FeedAsync(IEnumerable<UrlRow> rows, ChannelWriter<UrlRow> input, ShardAssembler assembler, SemaphoreSlim shardSlots,
        CancellationToken token)
    {
        try
        {
            UrlRow? pending = null;
            var fedInShard = 0;
            foreach (var row in rows.Append(null))
            {
                if (pending is not null)
                {
                    if (fedInShard == 0)
                    {
                        await shardSlots.WaitAsync(token);
                    }
                    fedInShard++;
                    if (row is null || row.ShardId != pending.ShardId)
                    {
                        assembler.ExpectCount(pending.ShardId, fedInShard);
                        fedInShard = 0;
                    }
                    await input.WriteAsync(pending, token);
                }
                pending = row;
            }
        }
        finally
        {
            input.TryComplete();
        }
    }

    private static async Task ForwardAsync(ChannelReader<DownloadedImage> downloads, ChannelWriter<DownloadedImage> transforms, CancellationToken token)
    {
        try
        {
            await foreach (var image in downloads.ReadAllAsync(token))
            {
                await transforms.WriteAsync(image, token);
            }
        }
        finally
        {
            transforms.TryComplete();
        }
    }

    /// <summary>Calls the progress callback at most every 250 ms, and whenever a shard completes, with the total once it is counted.</summary>
    private sealed class ProgressThrottle(Action<JobProgress>? progress, JobCounters counters, Task<long> totalRows, Stopwatch clock)
    {
        private TimeSpan? last;

        public int ShardsWritten { get; set; }

        public void Report(bool force)
        {
            if (progress is null || (!force && last is { } shown && clock.Elapsed - shown < ProgressInterval))
            {
                return;
            }
            last = clock.Elapsed;
            progress(counters.Snapshot(totalRows.IsCompletedSuccessfully ? totalRows.Result : null, ShardsWritten, clock.Elapsed));
        }
    }
}
