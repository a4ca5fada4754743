using Img2Dataset.Engine.Output;

namespace Img2Dataset.Engine.Reporting;

/// <summary>Everything a dataset report shows, computed in one streamed pass over the dataset's published shards.</summary>
public sealed record DatasetReportFigures
{
    public required string Location { get; init; }
    public required DatasetStatistics Statistics { get; init; }
    public required OutputFormat Format { get; init; }
    /// <summary>The options the dataset was made with (its config.json), by the reference's names; empty when none was recorded.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Options { get; init; } = [];
    /// <summary>The module version that wrote the dataset, when its plan records it.</summary>
    public string? WrittenBy { get; init; }
    public DateTimeOffset? Started { get; init; }
    public DateTimeOffset? Ended { get; init; }
    public IReadOnlyList<WorkerFigure> Workers { get; init; } = [];
    /// <summary>Where rows went: success, each failure status, each opt-out signal, removed; most first.</summary>
    public IReadOnlyList<(string Outcome, long Count)> Outcomes { get; init; } = [];
    public IReadOnlyList<ErrorFigure> TopErrors { get; init; } = [];
    public long ErrorMessages { get; init; }
    public IReadOnlyList<SignalFigure> Signals { get; init; } = [];
    public IReadOnlyList<SignalFigure> ConsentHosts { get; init; } = [];
    /// <summary>The hosts with the most rows.</summary>
    public IReadOnlyList<HostFigure> Hosts { get; init; } = [];
    /// <summary>The hosts with the most failures (refusals aside): where a rerun or a fix would recover most.</summary>
    public IReadOnlyList<HostFigure> FailingHosts { get; init; } = [];
    public long HostCount { get; init; }
    public required IReadOnlyList<Histogram> Histograms { get; init; }
    public IReadOnlyList<ShardFigure> Shards { get; init; } = [];
    /// <summary>Shards left out of <see cref="Shards"/> by the report's row limit (all complete ones).</summary>
    public int ShardsNotListed { get; init; }
    public IReadOnlyList<Thumbnail> Thumbnails { get; init; } = [];
    public int SamplesRequested { get; init; }

    /// <summary>The run's wall-clock time, first shard started to last shard ended.</summary>
    public TimeSpan? WallTime => Started is { } s && Ended is { } e && e >= s ? e - s : null;

    public double? ImagesPerSecond => WallTime is { TotalSeconds: > 0 } wall ? Statistics.Successes / wall.TotalSeconds : null;
}
