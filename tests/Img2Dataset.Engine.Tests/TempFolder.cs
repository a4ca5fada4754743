using System.IO.Compression;
using System.Text;

namespace Img2Dataset.Engine.Tests;

/// <summary>A scratch folder per test, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("img2dataset-test-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes text (gzipped when the name ends in .gz) and returns the file's path.</summary>
    public string Write(string name, string text, bool byteOrderMark = false)
    {
        var path = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        using var file = System.IO.File.Create(path);
        using Stream target = name.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionLevel.Fastest) : file;
        var bytes = new UTF8Encoding(byteOrderMark).GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        target.Write(bytes);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a failed test must not hide that test's real failure.
        }
    }
}
