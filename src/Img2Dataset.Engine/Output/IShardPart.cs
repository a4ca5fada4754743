using Img2Dataset.Engine.Imaging;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// One file (or folder) of a shard, written under a ".partial" name and moved into place only by
/// <see cref="Commit"/>, so an interrupted shard never leaves anything that looks finished.
/// </summary>
internal interface IShardPart : IDisposable
{
    /// <summary>Bytes written so far.</summary>
    long Bytes { get; }

    void Add(DatasetSample sample);

    void Commit();
}
