namespace Img2Dataset.Engine.Output;

/// <summary>img2dataset's output formats (its names: files, webdataset, parquet, tfrecord, dummy).</summary>
public enum OutputFormat
{
    Files,
    WebDataset,
    Parquet,
    TFRecord,
    Dummy,
}
