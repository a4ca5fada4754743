namespace Img2Dataset.Engine.Input;

/// <summary>
/// The requested column values of one record, in request order, as a format source read them;
/// or, for a record that could not be parsed, why.
/// </summary>
public readonly record struct SourceRecord(long Line, object?[]? Values, string? Error)
{
    public static SourceRecord Bad(long line, string error) => new(line, null, error);
}
