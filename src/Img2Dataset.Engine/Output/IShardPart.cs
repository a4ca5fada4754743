using Img2Dataset.Engine.Imaging;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// One file (or folder) of a shard, written under its attempt's partial name. <see cref="Finish"/> completes it on the
/// disk; once the attempt's commit is created the <see cref="ShardWriter"/> moves every part into place, so an
/// interrupted or failed shard never leaves anything that looks finished. Disposing closes it without publishing or
/// deleting anything.
/// </summary>
internal interface IShardPart : IDisposable
{
    /// <summary>Where the part is published; it is written at its attempt's <see cref="ShardAttempt.Partial"/> of this.</summary>
    string FinalPath { get; }

    bool IsFolder { get; }

    /// <summary>Bytes written so far.</summary>
    long Bytes { get; }

    void Add(DatasetSample sample);

    /// <summary>Writes what is buffered and the format's trailer, and flushes it all to the disk (fsync).</summary>
    void Finish();

    /// <summary>What the shard's commit states of this part, once finished.</summary>
    CommittedObject Committed();
}
