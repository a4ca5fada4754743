using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Output;
using Img2Dataset.Engine.Storage;

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
    private DatasetPlan? plan;
    private RemoteInputSpool? inputs;

    /// <summary>Where the job's messages go (the reference's console lines: retries, failed shards).</summary>
    public Action<string> Log { get; init; } = _ => { };

    /// <summary>What a verbose stream shows: the inputs, the shards kept, each shard as it completes.</summary>
    public Action<string> Verbose { get; init; } = _ => { };

    /// <summary>What a debug stream shows: each download retry and its wait.</summary>
    public Action<string> Debug { get; init; } = _ => { };

    /// <summary>What a warning stream shows: a site's signal file that is malformed, once per site; options a list cannot honour.</summary>
    public Action<string> Warning { get; init; } = _ => { };

    /// <exception cref="ArgumentException">An option is invalid; nothing was created.</exception>
    /// <exception cref="UrlListException">An input file cannot be read; nothing was created.</exception>
    /// <exception cref="OutputFolderLockedException">Another job is writing to the output folder; nothing was touched.</exception>
    /// <exception cref="Storage.StorageAccessException">A remote location cannot be read or written; nothing was created there.</exception>
    public async Task<JobSummary> RunAsync(Action<JobProgress>? progress, CancellationToken cancellationToken)
    {
        options.Validate();
        var given = options;
        var remote = await OpenRemoteAsync(cancellationToken);
        using var spool = await RemoteInputSpool.CreateAsync(options.UrlList, options.S3Endpoint, cancellationToken);
        options = options with { UrlList = spool.LocalPaths };
        inputs = spool;
        Preflight();
        var output = remote?.StagingFolder ?? Path.GetFullPath(options.OutputFolder);
        using var folderLock = OutputFolderLock.Acquire(output, options.Worker);
        var (done, startShard) = await PrepareOutputAsync(output, remote, cancellationToken);
        Verbose($"Reading {string.Join(", ", given.UrlList.Select(StorageLocation.Redact))} into {StorageLocation.Redact(given.OutputFolder)} ({options.IncrementalMode.ToString().ToLowerInvariant()} mode{(options.Worker.Count > 1 ? $", {options.Worker}" : "")})");
        Verbose($"Transforming on {options.TransformWorkers} threads; this process may run on {ProcessorTopology.Current}");
        if (done.Count > 0)
        {
            Verbose($"Skipping {done.Count} complete shards: {string.Join(", ", done.Order().Take(20))}{(done.Count > 20 ? ", …" : "")}");
        }
        JobConfiguration.Write(output, given);
        if (remote is not null)
        {
            await remote.UploadStateAsync(JobConfiguration.PathIn(output), cancellationToken);
        }
        var input = options.Input with { StartShard = startShard };
        var clock = Stopwatch.StartNew();
        var counters = new JobCounters();
        using var counting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var totalRows = Task.Run(() => CountRows(input, done, counting.Token), counting.Token);
        // Saved as soon as the input is counted, so even a worker killed later has told which shards the dataset needs.
        var planWriting = Task.Run(async () =>
        {
            await totalRows;
            await WritePlanAsync(output, remote, counting.Token);
        }, counting.Token);
        try
        {
            var reporter = new ProgressThrottle(progress, counters, totalRows, clock);
            var transformer = new ImageTransformer(options.Image);
            transformer.WarmUp();
            var failed = await RunPassAsync(output, input, transformer, done, null, counters, reporter, remote, cancellationToken);
            for (var attempt = 1; attempt <= options.MaxShardRetry && failed.Count > 0; attempt++)
            {
                Log($"Retrying {failed.Count} shards, try {attempt}");
                counters.Restart(failed);
                failed = await RunPassAsync(output, input, transformer, done, failed, counters, reporter, remote, cancellationToken);
            }
            await planWriting;
            if (failed.Count > 0)
            {
                Log($"Retried {options.MaxShardRetry} times, but {failed.Count} shards still failed. You may restart the same command to retry again.");
            }
            reporter.Report(force: true);
            return new JobSummary(remote is null ? output : StorageLocation.Redact(given.OutputFolder), counters.Count, counters.Successes, counters.FailedToDownload, counters.FailedToResize, clock.Elapsed,
                reporter.ShardsWritten, done.Count, failed.Order().ToList(), counters.TopErrors(10)) { BytesWritten = reporter.BytesWritten, Worker = options.Worker };
        }
        finally
        {
            // The count reads the inputs too: it must let go of them before the job returns, whatever the outcome.
            await counting.CancelAsync();
            await ((Task)totalRows).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await planWriting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// Opens every input and reads its first record, so a missing file or column fails before anything is created, and
    /// the reader's warnings (columns a txt list cannot have) are given once, here, not again by every pass.
    /// </summary>
    private void Preflight()
    {
        var reader = new UrlListReader(options.Input) { Warning = Warning };
        foreach (var path in options.UrlList)
        {
            _ = reader.Read(path, inputs?.ShownAs(path)).Take(1).ToList();
        }
    }

    /// <summary>The remote dataset the output names, its access checked (read and write) before anything is done; null for a local folder.</summary>
    private async Task<RemoteDatasetOutput?> OpenRemoteAsync(CancellationToken cancellationToken)
    {
        if (!StorageLocation.IsRemoteText(options.OutputFolder))
        {
            return null;
        }
        var store = ObjectStores.Open(options.OutputFolder, options.S3Endpoint);
        await store.CheckAccessAsync(write: true, cancellationToken);
        var staging = StagingFolder(options.OutputFolder, options.Worker);
        Directory.CreateDirectory(staging);
        var remote = new RemoteDatasetOutput(store, staging, options.Worker);
        if (!await remote.ProbeConditionalCreateAsync(cancellationToken))
        {
            Warning($"{StorageLocation.Redact(options.OutputFolder)} does not honour conditional writes (If-None-Match: *): two writers of one shard there are not kept apart, " +
                "so run one worker per index. Readers still take a shard as complete only when its objects are as its stats state.");
        }
        return remote;
    }

    /// <summary>Where a worker stages the shards of a remote dataset before uploading them: one folder per location and worker.</summary>
    private static string StagingFolder(string location, WorkerSlice worker)
    {
        var id = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(StorageLocation.WithoutSas(location))))[..16];
        return Path.Combine(Path.GetTempPath(), "img2dataset-staging", $"{id}-{worker.Index}-of-{worker.Count}");
    }

    private async Task<(HashSet<int> Done, int StartShard)> PrepareOutputAsync(string output, RemoteDatasetOutput? remote, CancellationToken cancellationToken)
    {
        if (remote is not null)
        {
            // What a killed run staged was never uploaded whole: the store alone says what is complete.
            OutputFolderLayout.Clear(output, everything: true);
            await remote.CleanAsync(everyShard: options.IncrementalMode == IncrementalMode.Overwrite, cancellationToken);
            return StartFrom(await remote.CompleteShardsAsync(cancellationToken));
        }
        if (options.IncrementalMode == IncrementalMode.Overwrite)
        {
            RefuseToDeleteInputs(output);
            OutputFolderLayout.Clear(output, options.OverwriteEverything);
        }
        LocalShardRepair.Run(output, options.Worker.Owns, Log);
        return StartFrom(DatasetReader.CompleteShards(output)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (int?)null)
            .OfType<int>()
            .Where(options.Worker.Owns)
            .ToHashSet());
    }

    private (HashSet<int> Done, int StartShard) StartFrom(HashSet<int> existing)
    {
        return options.IncrementalMode switch
        {
            IncrementalMode.Incremental => (existing, options.Input.StartShard),
            IncrementalMode.Extend => ([], existing.Count == 0 ? options.Input.StartShard : existing.Max() + 1),
            _ => ([], options.Input.StartShard),
        };
    }

    private void RefuseToDeleteInputs(string output)
    {
        if (options.UrlList.Select(Path.GetFullPath).Any(p => LocalPaths.IsWithin(output, p) || LocalPaths.IsWithin(p, output)))
        {
            throw new ArgumentException($"Overwrite would delete {output}, which holds the input URL list.", nameof(options.OutputFolder));
        }
    }

    /// <summary>Every row of the input lists, a remote list's rows naming it rather than its local copy.</summary>
    private IEnumerable<UrlRow> Rows(UrlListReader reader) => options.UrlList.SelectMany(path => reader.Read(path, inputs?.ShownAs(path)));

    /// <summary>This worker's rows still to do; on the way, the shards the whole input makes, for the plan.</summary>
    private long CountRows(UrlListOptions input, HashSet<int> done, CancellationToken cancellationToken)
    {
        var reader = new UrlListReader(input);
        var (first, last, count) = (int.MaxValue, -1, 0L);
        foreach (var row in Rows(reader).TakeWhile(_ => !cancellationToken.IsCancellationRequested))
        {
            (first, last) = (Math.Min(first, row.ShardId), Math.Max(last, row.ShardId));
            count += !done.Contains(row.ShardId) && options.Worker.Owns(row.ShardId) ? 1 : 0;
        }
        plan = last < 0 || cancellationToken.IsCancellationRequested ? null : new DatasetPlan(first, last, options.Worker.Count) { WrittenBy = ModuleIdentity.Name };
        return count;
    }

    /// <summary>Saves the plan once the input has been counted, beside config.json (and uploads it for a remote dataset).</summary>
    private async Task WritePlanAsync(string output, RemoteDatasetOutput? remote, CancellationToken cancellationToken)
    {
        if (plan is null)
        {
            return;
        }
        var path = Path.Combine(OutputFolderLayout.StateFolder(output), DatasetPlan.FileName);
        await File.WriteAllTextAsync(path, plan.ToJson(), cancellationToken);
        if (remote is not null)
        {
            await remote.UploadStateAsync(path, cancellationToken);
        }
    }

    private async Task<HashSet<int>> RunPassAsync(string output, UrlListOptions input, ImageTransformer transformer, HashSet<int> done, HashSet<int>? only,
        JobCounters counters, ProgressThrottle reporter, RemoteDatasetOutput? remote, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = stop.Token;
        using var downloader = new ImageDownloader(options.Download, Debug, Warning);
        var downloads = downloader.Start(token);
        var transforms = new BoundedWorkerPool<DownloadedImage, DatasetSample>(options.TransformWorkers, 2 * options.TransformWorkers,
            (image, _) => Task.FromResult(transformer.Transform(image)), transformer.Unexpected, token);
        using var assembler = new ShardAssembler(output, options.OutputFormat, schema: options.MetadataSchema);
        using var shardSlots = new SemaphoreSlim(options.ProcessesCount);
        var reader = new UrlListReader(input);
        var rows = Rows(reader)
            .Where(r => options.Worker.Owns(r.ShardId) && !done.Contains(r.ShardId) && (only is null || only.Contains(r.ShardId)));
        var feeding = Task.Run(() => FeedAsync(rows, downloads.Input, assembler, shardSlots, token), token);
        var forwarding = Task.Run(() => ForwardAsync(downloads.Output, transforms.Input, token), token);
        var failed = new HashSet<int>();
        try
        {
            await foreach (var sample in transforms.Output.ReadAllAsync(token))
            {
                counters.Add(sample);
                Write(assembler, sample, failed, shardSlots, reporter, counters, remote, token);
                Gen0Budget.Enforce();
                reporter.Report(force: false);
                GiveUpOnAnUnreachableStore(remote);
            }
            await Task.WhenAll(feeding, forwarding);
            if (remote is not null)
            {
                failed.UnionWith(await remote.DrainAsync());
                GiveUpOnAnUnreachableStore(remote);
            }
        }
        catch
        {
            // Stop the other stages so the first failure, not a cancellation it caused, is what surfaces; and wait for
            // the feeder, which holds the input files open, so the job lets go of them before it returns.
            await stop.CancelAsync();
            await Task.WhenAll(feeding, forwarding).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (remote is not null)
            {
                await ((Task)remote.DrainAsync()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            throw;
        }
        return failed;
    }

    private void Write(ShardAssembler assembler, DatasetSample sample, HashSet<int> failed, SemaphoreSlim shardSlots, ProgressThrottle reporter,
        JobCounters counters, RemoteDatasetOutput? remote, CancellationToken token)
    {
        var shard = sample.Download.Row.ShardId;
        try
        {
            if (!failed.Contains(shard) && assembler.Add(sample) is { } completed)
            {
                Verbose(remote is null
                    ? $"Shard {completed.Name} complete: {completed.Path}, {completed.Successes} of {completed.Count} succeeded"
                    : $"Shard {completed.Name} written, {completed.Successes} of {completed.Count} succeeded; uploading to {remote.Store.Location.Describe(completed.Name)}");
                if (remote is null)
                {
                    Published(shard, completed.WrittenByAnother, counters);
                }
                remote?.Publish(completed, Log, (id, byAnother) => Published(id, byAnother, counters), token);
                reporter.ShardsWritten++;
                reporter.BytesWritten += completed.Bytes;
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

    /// <exception cref="StorageAccessException">The remote store has failed every upload for longer than the options allow.</exception>
    private void GiveUpOnAnUnreachableStore(RemoteDatasetOutput? remote)
    {
        if (remote?.Unreachable(options.StoreTimeout) is { } reason)
        {
            throw new StorageAccessException(StorageLocation.Redact(options.OutputFolder), reason);
        }
    }

    /// <summary>A shard is written whole: by this run, or by another writer of the same shard that committed it first.</summary>
    private void Published(int shard, bool byAnother, JobCounters counters)
    {
        if (byAnother)
        {
            Log($"shard {shard} was written by another writer of it at the same time; its copy is kept and this run's is removed");
        }
        counters.Written(shard);
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

        public long BytesWritten { get; set; }

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
