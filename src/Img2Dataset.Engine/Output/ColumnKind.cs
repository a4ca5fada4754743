namespace Img2Dataset.Engine.Output;

/// <summary>Parquet types of metadata columns: text (additional columns are written as text), int32 sizes, binary images.</summary>
public enum ColumnKind
{
    String,
    Int32,
}
