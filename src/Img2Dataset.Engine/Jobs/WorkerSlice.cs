namespace Img2Dataset.Engine.Jobs;

/// <summary>
/// Which share of a job one worker does: shard <c>s</c> belongs to worker <c>s mod Count</c>, so every worker reads the
/// same list, keeps only its shards' rows, and writes keys and shard ids a one-worker run would write.
/// </summary>
public sealed record WorkerSlice(int Index, int Count)
{
    public static WorkerSlice Single { get; } = new(0, 1);

    /// <summary>Azure Pipelines' parallel job position (1-based) and count (<c>strategy: parallel</c>).</summary>
    public const string AzurePipelinesPosition = "SYSTEM_JOBPOSITIONINPHASE";
    public const string AzurePipelinesTotal = "SYSTEM_TOTALJOBSINPHASE";
    /// <summary>A Kubernetes Indexed Job's completion index (0-based); the count is the job's completions, given by the user.</summary>
    public const string KubernetesIndex = "JOB_COMPLETION_INDEX";

    /// <summary>The CI variable the index came from (Azure Pipelines' or a Kubernetes Indexed Job's); null when given or the default.</summary>
    public string? Source { get; init; }

    public bool Owns(int shardId) => shardId % Count == Index;

    /// <summary>
    /// The slice: explicit values win; else Azure Pipelines' variables; else a Kubernetes Indexed Job's index with the
    /// given count; else the whole job.
    /// </summary>
    /// <exception cref="ArgumentException">The values do not make a slice, naming where each came from.</exception>
    public static WorkerSlice Resolve(int? index, int? count, Func<string, string?> environment)
    {
        int? Variable(string name) => int.TryParse(environment(name), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
        var (resolvedIndex, indexSource, variable) = index is { } i ? (i, "-WorkerIndex", null)
            : Variable(AzurePipelinesPosition) is { } position && Variable(AzurePipelinesTotal) is > 1 ? (position - 1, $"{AzurePipelinesPosition} - 1", AzurePipelinesPosition)
            : Variable(KubernetesIndex) is { } k ? (k, KubernetesIndex, KubernetesIndex)
            : (0, "the default", (string?)null);
        var (resolvedCount, countSource) = count is { } c ? (c, "-WorkerCount")
            : index is null && Variable(AzurePipelinesTotal) is { } total and > 1 ? (total, AzurePipelinesTotal)
            : (1, "the default");
        if (resolvedCount < 1 || resolvedIndex < 0 || resolvedIndex >= resolvedCount)
        {
            throw new ArgumentException(
                $"Worker index {resolvedIndex} (from {indexSource}) must be at least 0 and less than the worker count {resolvedCount} (from {countSource})." +
                (indexSource == KubernetesIndex && count is null ? " A Kubernetes Indexed Job needs -WorkerCount set to its completions." : ""),
                nameof(index));
        }
        return new WorkerSlice(resolvedIndex, resolvedCount) { Source = variable };
    }

    public override string ToString() =>
        Count == 1 ? "the whole job" : $"worker {Index} of {Count}{(Source is null ? "" : $", from {Source}")} (shards s with s mod {Count} = {Index})";
}
