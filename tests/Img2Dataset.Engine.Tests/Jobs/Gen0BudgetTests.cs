using Img2Dataset.Engine.Jobs;

namespace Img2Dataset.Engine.Tests.Jobs;

public class Gen0BudgetTests
{
    private const int ArrayBytes = 32 * 1024;

    [Fact]
    public void CollectsGenerationZeroEachTimeTheBudgetIsSpent()
    {
        const long budget = 1024 * 1024;
        var collections = GC.CollectionCount(0);
        var forced = AllocateAndEnforce(64L * 1024 * 1024, budget);

        // 64 MB in 1 MB budgets: about 64 collections, where the runtime's own budget (16 MB or more) gives at most 4.
        Assert.InRange(forced, 32, 80);
        Assert.True(GC.CollectionCount(0) - collections >= forced);
    }

    [Fact]
    public void NeverCollectsWhileTheRuntimesOwnBudgetIsSmaller()
    {
        Assert.Equal(0, AllocateAndEnforce(64L * 1024 * 1024, budget: 1024L * 1024 * 1024));
    }

    private static int AllocateAndEnforce(long total, long budget)
    {
        var forced = 0;
        byte[]? last = null;
        for (long allocated = 0; allocated < total; allocated += ArrayBytes)
        {
            last = new byte[ArrayBytes];
            forced += Gen0Budget.Enforce(budget) ? 1 : 0;
        }
        GC.KeepAlive(last);
        return forced;
    }
}
