namespace Img2Dataset.Engine.Output;

/// <summary>Where a shard file lives until it is complete, and the moves that publish, retract or discard it.</summary>
internal static class PartialPath
{
    public const string Suffix = ".partial";

    public static string For(string finalPath) => finalPath + Suffix;

    public static void Publish(string finalPath, bool isFolder)
    {
        if (!isFolder)
        {
            File.Move(For(finalPath), finalPath, overwrite: true);
            return;
        }
        if (Directory.Exists(finalPath))
        {
            Directory.Delete(finalPath, recursive: true);
        }
        Directory.Move(For(finalPath), finalPath);
    }

    /// <summary>Removes a published part again, when a later part of its shard could not be published.</summary>
    public static void Retract(string finalPath, bool isFolder)
    {
        if (isFolder && Directory.Exists(finalPath))
        {
            Directory.Delete(finalPath, recursive: true);
        }
        else if (!isFolder && File.Exists(finalPath))
        {
            File.Delete(finalPath);
        }
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
