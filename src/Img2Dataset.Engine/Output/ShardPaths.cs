namespace Img2Dataset.Engine.Output;

/// <summary>The files of shard NAME in an output folder, as the reference names them.</summary>
public static class ShardPaths
{
    public static string Stats(string outputFolder, string name) => Path.Combine(outputFolder, name + "_stats.json");

    /// <summary>The file (or folder) holding a shard's images; for dummy, its stats file.</summary>
    public static string Main(string outputFolder, string name, OutputFormat format) => format switch
    {
        OutputFormat.Files => Path.Combine(outputFolder, name),
        OutputFormat.WebDataset => Path.Combine(outputFolder, name + ".tar"),
        OutputFormat.TFRecord => Path.Combine(outputFolder, name + ".tfrecord"),
        OutputFormat.Parquet => Path.Combine(outputFolder, name + ".parquet"),
        _ => Stats(outputFolder, name),
    };

    /// <summary>Whether a shard is complete: its stats file, written last, exists.</summary>
    public static bool IsComplete(string outputFolder, string name) => File.Exists(Stats(outputFolder, name));
}
