using Img2Dataset.Engine.Storage;

namespace Img2Dataset.Engine.Tests.Storage;

/// <summary>An object name from a store's listing becomes a local path only inside the folder it is copied into, on every operating system alike.</summary>
public sealed class ObjectLocalPathTests : IDisposable
{
    private static readonly StorageLocation Store = StorageLocation.Parse("s3://bucket/dataset");
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("00000.tar")]
    [InlineData("00000/000000001.jpg")]
    [InlineData(".img2dataset/config.json")]
    [InlineData("00000/photo..jpg")]
    public void ADatasetsOwnNamesStayInTheFolder(string name)
    {
        var path = ObjectLocalPath.In(folder.Path, name, Store);

        Assert.Equal(Path.GetFullPath(Path.Combine(folder.Path, name)), path);
        Assert.StartsWith(Path.GetFullPath(folder.Path) + Path.DirectorySeparatorChar, path, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00000/../../escape.jpg", "has a \"..\" segment")]
    [InlineData("../escape.jpg", "has a \"..\" segment")]
    [InlineData("00000/..", "has a \"..\" segment")]
    [InlineData("00000/.", "has a \".\" segment")]
    [InlineData("00000//escape.jpg", "has an empty segment")]
    [InlineData("/escape.jpg", "has an empty segment")]
    [InlineData("00000/..\\..\\escape.jpg", "character a file name cannot hold")]
    [InlineData("00000/C:escape.jpg", "character a file name cannot hold")]
    [InlineData("00000/\u001b[2Jescape.jpg", "character a file name cannot hold")]
    public void ANameThatCouldLeaveTheFolderIsRefusedNamingTheObject(string name, string why)
    {
        var refused = Assert.Throws<InvalidDataException>(() => ObjectLocalPath.In(folder.Path, name, Store));

        Assert.Contains(why, refused.Message, StringComparison.Ordinal);
        Assert.Contains("s3://bucket/dataset/", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', refused.Message);
    }
}
