namespace Img2Dataset.Engine.Jobs;

/// <summary>
/// Caps what a transforming process allocates between two collections at 16 MB, whatever the CPU. The runtime sizes
/// generation 0 from the last-level cache (about half of L3 under workstation GC), so the same job that peaks at about
/// 250 MB on a CPU with a 32 MB L3 (16 MB between collections, measured) peaks 80–150 MB higher on a server CPU with a
/// large one: DOTNET_GCgen0size at 80 MB took the 20,000-photo job from about 250 to 328–352 MB, which is what the
/// Intel Xeon of issue 27 showed (348 MB). A module cannot set its host's GC settings, so once 16 MB were allocated
/// since the last collection of any kind, the job collects generation 0 itself. Where the runtime's budget is that
/// small already, its own collections come first and this never collects; the job allocates about 215 KB per image,
/// and generation 0 holds little that survives a collection.
/// </summary>
public static class Gen0Budget
{
    public const long DefaultBytes = 16L * 1024 * 1024;
    private static long allocatedAtCollection;
    private static int collectionsSeen = -1;
    private static int collecting;

    /// <summary>Called once per sample: collects generation 0 when the default budget is spent.</summary>
    public static bool Enforce() => Enforce(DefaultBytes);

    /// <summary>Collects generation 0 when <paramref name="budgetBytes"/> were allocated since the last collection; true when it did.</summary>
    public static bool Enforce(long budgetBytes)
    {
        var collections = GC.CollectionCount(0);
        var allocated = GC.GetTotalAllocatedBytes();
        if (Interlocked.Exchange(ref collectionsSeen, collections) != collections)
        {
            Volatile.Write(ref allocatedAtCollection, allocated);
            return false;
        }
        if (allocated - Volatile.Read(ref allocatedAtCollection) < budgetBytes || Interlocked.Exchange(ref collecting, 1) == 1)
        {
            return false;
        }
        try
        {
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            return true;
        }
        finally
        {
            Volatile.Write(ref collecting, 0);
        }
    }
}
