namespace Img2Dataset.Engine.Reporting;

/// <summary>One worker's part of a dataset built by several (-WorkerIndex of -WorkerCount): its shards and those missing.</summary>
public sealed record WorkerFigure(int Index, int PlannedShards, int CompleteShards, IReadOnlyList<string> MissingShards);
