using Img2Dataset.Engine.Jobs;

namespace Img2Dataset.Engine.Tests.Jobs;

public class BoundedWorkerPoolTests
{
    [Fact]
    public async Task AnItemWhoseWorkThrowsYieldsItsFaultResultAndTheOthersGoOn()
    {
        var pool = new BoundedWorkerPool<int, string>(2, 4,
            (item, _) => item % 3 == 0 ? throw new InvalidOperationException($"bad {item}") : Task.FromResult($"ok {item}"),
            (item, e) => $"fault {item}: {e.Message}", CancellationToken.None);

        var feeding = Task.Run(async () =>
        {
            for (var i = 1; i <= 9; i++)
            {
                await pool.Input.WriteAsync(i);
            }
            pool.Input.Complete();
        });
        var results = new List<string>();
        await foreach (var result in pool.Output.ReadAllAsync())
        {
            results.Add(result);
        }
        await feeding;

        Assert.Equal(9, results.Count);
        Assert.Equal(["fault 3: bad 3", "fault 6: bad 6", "fault 9: bad 9"], results.Where(r => r.StartsWith("fault", StringComparison.Ordinal)).Order());
    }
}
