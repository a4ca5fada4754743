using System.Globalization;

namespace Img2Dataset.Engine.Input;

/// <summary>
/// img2dataset's naming: key = shard × 10^ceil(log10(samples per shard)) + index, zero-padded to that exponent plus
/// the shard digits; shard files are the shard id padded to the shard digits.
/// </summary>
public sealed class ShardKeys
{
    private readonly long multiplier;
    private readonly string keyFormat;
    private readonly string shardFormat;

    public ShardKeys(int samplesPerShard, int shardCountDigits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerShard, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCountDigits, 1);
        var sampleDigits = 0;
        for (multiplier = 1; multiplier < samplesPerShard; multiplier *= 10)
        {
            sampleDigits++;
        }
        keyFormat = "D" + (sampleDigits + shardCountDigits);
        shardFormat = "D" + shardCountDigits;
    }

    public string Key(int shardId, int index) => (shardId * multiplier + index).ToString(keyFormat, CultureInfo.InvariantCulture);

    public string ShardName(int shardId) => shardId.ToString(shardFormat, CultureInfo.InvariantCulture);
}
