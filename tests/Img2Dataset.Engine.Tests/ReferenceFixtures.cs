namespace Img2Dataset.Engine.Tests;

/// <summary>
/// The reference tool's test data, vendored under tests/fixtures/reference, and the few files of our own beside it
/// (inputs our image library cannot write, such as CMYK JPEGs).
/// </summary>
public static class ReferenceFixtures
{
    private static readonly string FixturesFolder = Path.GetFullPath(Path.Combine(FindRepositoryRoot(), "tests", "fixtures"));

    public static string Folder { get; } = Path.Combine(FixturesFolder, "reference");

    public static string File(string relativePath) => Path.Combine(Folder, relativePath);

    public static string Own(string relativePath) => Path.Combine(FixturesFolder, relativePath);

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(folder.FullName, "Img2Dataset.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("Img2Dataset.sln not found above the test assembly.");
    }
}
