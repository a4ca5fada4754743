namespace Img2Dataset.Bench;

/// <summary>What the garbage collector did during a measurement: it is the usual hidden cost of a throughput figure.</summary>
internal readonly record struct GcFigures(long AllocatedBytes, int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static GcFigures Now() =>
        new(GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public string Since(GcFigures before, int images) =>
        $"GC: {(AllocatedBytes - before.AllocatedBytes) / (1024.0 * images):N0} KB allocated/image, collections gen0 {Gen0 - before.Gen0}, " +
        $"gen1 {Gen1 - before.Gen1}, gen2 {Gen2 - before.Gen2}, paused {(Paused - before.Paused).TotalMilliseconds:N0} ms";
}
