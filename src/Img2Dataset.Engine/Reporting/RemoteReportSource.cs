using Img2Dataset.Engine.Output;

namespace Img2Dataset.Engine.Reporting;

/// <summary>
/// What a report of a remote dataset takes from its store rather than from its local copy, which holds the complete
/// shards only: the statistics as the store lists them, missing and incomplete shards included.
/// </summary>
/// <param name="Statistics">The dataset's statistics, read from the store.</param>
public sealed record RemoteReportSource(DatasetStatistics Statistics);
