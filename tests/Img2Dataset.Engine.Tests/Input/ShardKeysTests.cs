using Img2Dataset.Engine.Input;

namespace Img2Dataset.Engine.Tests.Input;

public class ShardKeysTests
{
    [Theory]
    [InlineData(10000, 5, 1, 5, "000010005")]
    [InlineData(10000, 5, 0, 0, "000000000")]
    [InlineData(1000, 5, 2, 999, "00002999")]
    [InlineData(5000, 5, 3, 7, "000030007")]
    [InlineData(10001, 5, 1, 0, "0000100000")]
    [InlineData(1, 5, 42, 0, "00042")]
    [InlineData(10, 3, 123456, 9, "1234569")]
    public void KeysFollowTheReference(int samplesPerShard, int shardDigits, int shard, int index, string expected) =>
        Assert.Equal(expected, new ShardKeys(samplesPerShard, shardDigits).Key(shard, index));

    [Fact]
    public void ShardNamesArePadded() => Assert.Equal("00042", new ShardKeys(10000, 5).ShardName(42));
}

public class BoundingBoxParserTests
{
    [Fact]
    public void RemembersThatBoxesCameAsFloat32()
    {
        var single = BoundingBoxParser.Parse(new[] { new[] { 0.1f, 0.2f, 0.3f, 0.4f } })!;
        var doubles = BoundingBoxParser.Parse(new[] { new[] { 0.1, 0.2, 0.3, 0.4 } })!;
        Assert.True(single[0].SinglePrecision);
        Assert.False(doubles[0].SinglePrecision);
    }
}
