using Img2Dataset.Engine.Storage;

namespace Img2Dataset.Engine.Tests.Storage;

public sealed class StorageLocationTests
{
    [Theory]
    [InlineData("az://data/runs/one", StorageKind.AzureBlob, "data", "runs/one", null, null)]
    [InlineData("az://data", StorageKind.AzureBlob, "data", "", null, null)]
    [InlineData("s3://bucket/prefix/", StorageKind.S3, "bucket", "prefix", null, null)]
    [InlineData("https://acct.blob.core.windows.net/data/runs/one?sv=1&sig=x", StorageKind.AzureBlob, "data", "runs/one", "https://acct.blob.core.windows.net/", "sv=1&sig=x")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/data/lists/urls.txt", StorageKind.AzureBlob, "data", "lists/urls.txt", "http://127.0.0.1:10000/devstoreaccount1", null)]
    [InlineData("/home/me/dataset", StorageKind.Local, "", "", null, null)]
    [InlineData("C:\\data\\set", StorageKind.Local, "", "", null, null)]
    [InlineData("relative/folder", StorageKind.Local, "", "", null, null)]
    public void ParsesEachKindOfLocation(string text, StorageKind kind, string container, string prefix, string? service, string? sas)
    {
        var location = StorageLocation.Parse(text);

        Assert.Equal((kind, container, prefix, sas), (location.Kind, location.Container, location.Prefix, location.Sas));
        Assert.Equal(service, location.ServiceUri?.AbsoluteUri);
    }

    [Fact]
    public void KeysAndDescriptionsSitUnderThePrefix()
    {
        var location = StorageLocation.Parse("https://acct.blob.core.windows.net/data/runs?sig=secret");

        Assert.Equal("runs/00001.tar", location.Key("00001.tar"));
        Assert.Equal("runs", location.Key(""));
        Assert.Equal("runs/", location.Root);
        Assert.Equal("https://acct.blob.core.windows.net/data/runs/00001.tar", location.Describe("00001.tar"));
        Assert.Equal("", StorageLocation.Parse("s3://bucket").Root);
    }

    [Theory]
    [InlineData("00001.tar", 1, false)]
    [InlineData("00001_stats.json", 1, true)]
    [InlineData("00012/000120001.jpg", 12, false)]
    [InlineData("00003.parquet", 3, false)]
    public void ShardObjectsAreRecognisedByName(string name, int shard, bool isStats) =>
        Assert.Equal((shard, isStats), ShardObjects.Parse(name));

    [Theory]
    [InlineData(".img2dataset/config.json")]
    [InlineData("00001.tar.partial")]
    [InlineData("notes.txt")]
    [InlineData("00001/sub/x.jpg")]
    public void OtherObjectsAreNotShards(string name) => Assert.Null(ShardObjects.Parse(name));
}
