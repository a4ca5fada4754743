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
    /// <summary>A list of 32-bit integers, as a parquet input's list&lt;int32&gt; (the reference's labels) holds them.</summary>
    Int32List,
    /// <summary>A list of integers (LAION's boxes, ids, the reference's labels): a repeated int64 column, pyarrow's list&lt;int64&gt;.</summary>
    Int64List,
    /// <summary>A list of numbers not all integers: list&lt;double&gt;.</summary>
    DoubleList,
    /// <summary>A list of texts (tags): list&lt;string&gt;.</summary>
    StringList,
    /// <summary>A list of booleans: list&lt;bool&gt;.</summary>
    BoolList,
}
