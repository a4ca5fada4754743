namespace Img2Dataset.Engine.Tests;

/// <summary>The reference tool's test data, vendored under tests/fixtures/reference.</summary>
public static class ReferenceFixtures
{
    public static string Folder { get; } = Path.GetFullPath(Path.Combine(FindRepositoryRoot(), "tests", "fixtures", "reference"));

    public static string File(string relativePath) => Path.Combine(Folder, relativePath);

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
