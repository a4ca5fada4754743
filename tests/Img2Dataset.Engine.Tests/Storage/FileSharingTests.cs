using Img2Dataset.Engine.Storage;

namespace Img2Dataset.Engine.Tests.Storage;

/// <summary>
/// Replacing a file another program holds open: on Windows a sharing violation until it lets go, so the replacement
/// is tried again for a while. Linux never raises one; these tests give the replacement the errors Windows gives.
/// </summary>
public sealed class FileSharingTests : IDisposable
{
    private const int SharingViolation = unchecked((int)0x80070020);
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void AReplacementWaitsForAHandleThatIsLetGo()
    {
        var tries = 0;

        FileSharing.Replace(() =>
        {
            if (++tries < 4)
            {
                throw new IOException("The process cannot access the file because it is being used by another process.", SharingViolation);
            }
        });

        Assert.Equal(4, tries);
    }

    [Fact]
    public void AHandleThatIsNeverLetGoFailsTheReplacementOnceThePatienceIsSpent()
    {
        var started = DateTime.UtcNow;

        var error = Assert.Throws<IOException>(() => FileSharing.Replace(() => throw new IOException("in use", SharingViolation), TimeSpan.FromMilliseconds(300)));

        Assert.Equal(SharingViolation, error.HResult);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void AnyOtherFaultFailsAtOnce()
    {
        var tries = 0;

        Assert.Throws<FileNotFoundException>(() => FileSharing.Replace(() =>
        {
            tries++;
            throw new FileNotFoundException("gone");
        }));

        Assert.Equal(1, tries);
    }

    [Fact]
    public void OurReadsLetTheFileBeReplacedUnderThem()
    {
        var target = folder.Write("shard.tar", "old");
        var replacement = folder.Write("shard.tar.partial", "new");
        using var reader = FileSharing.OpenRead(target);

        FileSharing.Replace(() => File.Move(replacement, target, overwrite: true));

        Assert.Equal("new", File.ReadAllText(target));
        Assert.Equal("old", new StreamReader(reader).ReadToEnd());
    }

    [Fact]
    public void AReadOnlyFileOrFolderIsDeletedWhenForced()
    {
        var file = folder.Write("data/00000.tar", "x");
        File.SetAttributes(file, FileAttributes.ReadOnly);
        var lone = folder.Write("00001_stats.json", "{}");
        File.SetAttributes(lone, FileAttributes.ReadOnly);

        LocalPaths.DeleteForcibly(new DirectoryInfo(folder.File("data")));
        LocalPaths.DeleteForcibly(new FileInfo(lone));

        Assert.False(Directory.Exists(folder.File("data")));
        Assert.False(File.Exists(lone));
    }
}
