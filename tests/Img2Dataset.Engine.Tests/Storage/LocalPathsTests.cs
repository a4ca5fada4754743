using Img2Dataset.Engine.Storage;

namespace Img2Dataset.Engine.Tests.Storage;

public sealed class LocalPathsTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>
    /// The shard commit and the local store's conditional create rest on this: File.Move without overwrite gave two
    /// winners in about one round of ten here, each believing it had committed.
    /// </summary>
    [Fact]
    public void OfWritersRacingForOneNameExactlyOneTakesItAndTheOthersSourcesAreGone()
    {
        for (var round = 0; round < 200; round++)
        {
            var target = folder.File($"commit-{round}");
            var sources = Enumerable.Range(0, 8).Select(i => folder.Write($"attempt-{round}-{i}", $"writer {i}")).ToArray();

            var winners = sources.AsParallel().WithDegreeOfParallelism(8).Where(source => LocalPaths.TryMoveToNew(source, target)).ToList();

            var winner = Assert.Single(winners);
            Assert.Equal($"writer {Array.IndexOf(sources, winner)}", File.ReadAllText(target));
            Assert.All(sources, source => Assert.False(File.Exists(source)));
        }
    }

    [Fact]
    public void AMissingSourceIsAnErrorNotALoss() =>
        Assert.ThrowsAny<IOException>(() => LocalPaths.TryMoveToNew(folder.File("absent"), folder.File("target")));
}
