namespace Img2Dataset.Engine.Tests;

/// <summary>
/// Tests that measure what the process retains run in this collection, alone: the garbage collector's counts are
/// the whole process's, so no other test may allocate while they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurements
{
    public const string Name = "Memory measurements";
}
