namespace Img2Dataset.Engine.Output;

/// <summary>
/// Parquet types of metadata columns: int32 sizes, and for the rest the type their values have (the additional
/// columns of JSON and parquet inputs keep their numbers and booleans), text otherwise.
/// </summary>
public enum ColumnKind
{
    String,
    Int32,
    Int64,
    Double,
    Bool,
    /// <summary>A list of integers (LAION's boxes, ids): a repeated int64 column, pyarrow's list&lt;int64&gt;.</summary>
    Int64List,
}
