namespace Img2Dataset.Engine.Output;

/// <summary>Where a shard file lives until it is complete, and the moves that publish or discard it.</summary>
internal static class PartialPath
{
    public const string Suffix = ".partial";

    public static string For(string finalPath) => finalPath + Suffix;

    public static void PublishFile(string finalPath) => File.Move(For(finalPath), finalPath, overwrite: true);

    public static void PublishFolder(string finalPath)
    {
        if (Directory.Exists(finalPath))
        {
            Directory.Delete(finalPath, recursive: true);
        }
        Directory.Move(For(finalPath), finalPath);
    }

    public static void Discard(string finalPath)
    {
        var partial = For(finalPath);
        if (File.Exists(partial))
        {
            File.Delete(partial);
        }
        else if (Directory.Exists(partial))
        {
            Directory.Delete(partial, recursive: true);
        }
    }
}
