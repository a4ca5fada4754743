using Img2Dataset.Engine.Jobs;

namespace Img2Dataset.Engine.Tests.Storage;

public sealed class WorkerSliceTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void ExplicitValuesWinOverTheEnvironment() =>
        Assert.Equal(new WorkerSlice(2, 4), WorkerSlice.Resolve(2, 4, Environment(("SYSTEM_JOBPOSITIONINPHASE", "1"), ("SYSTEM_TOTALJOBSINPHASE", "8"))));

    [Fact]
    public void AzurePipelinesPositionsCountFromOne() =>
        Assert.Equal(new WorkerSlice(2, 8) { Source = "SYSTEM_JOBPOSITIONINPHASE" }, WorkerSlice.Resolve(null, null, Environment(("SYSTEM_JOBPOSITIONINPHASE", "3"), ("SYSTEM_TOTALJOBSINPHASE", "8"))));

    [Fact]
    public void AnAzurePipelinesJobThatIsNotParallelIsTheWholeJob() =>
        Assert.Equal(WorkerSlice.Single, WorkerSlice.Resolve(null, null, Environment(("SYSTEM_JOBPOSITIONINPHASE", "1"), ("SYSTEM_TOTALJOBSINPHASE", "1"))));

    [Fact]
    public void AKubernetesIndexTakesTheGivenCount() =>
        Assert.Equal(new WorkerSlice(3, 5) { Source = "JOB_COMPLETION_INDEX" }, WorkerSlice.Resolve(null, 5, Environment(("JOB_COMPLETION_INDEX", "3"))));

    [Fact]
    public void AKubernetesIndexWithoutACountSaysWhatIsMissing() =>
        Assert.Contains("needs -WorkerCount", Assert.Throws<ArgumentException>(() => WorkerSlice.Resolve(null, null, Environment(("JOB_COMPLETION_INDEX", "3")))).Message);

    [Theory]
    [InlineData(3, 3)]
    [InlineData(-1, 2)]
    [InlineData(0, 0)]
    public void AnIndexOutsideTheCountIsRefused(int index, int count) =>
        Assert.Throws<ArgumentException>(() => WorkerSlice.Resolve(index, count, Environment()));

    [Fact]
    public void EachShardBelongsToExactlyOneWorker()
    {
        var workers = Enumerable.Range(0, 3).Select(i => new WorkerSlice(i, 3)).ToList();
        Assert.All(Enumerable.Range(0, 100), shard => Assert.Single(workers, w => w.Owns(shard)));
    }
}
