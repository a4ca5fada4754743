namespace Img2Dataset.Engine.Jobs;

/// <summary>
/// What to do with an output folder that already holds shards (img2dataset's incremental_mode): skip the complete
/// ones, delete everything first, or number new shards after the highest existing one.
/// </summary>
public enum IncrementalMode
{
    Incremental,
    Overwrite,
    Extend,
}
