namespace Img2Dataset.Engine.Input;

/// <summary>A problem with a whole input file (not one row): reading it cannot go on.</summary>
public sealed class UrlListException(UrlListErrorKind kind, string filePath, long? line, string message)
    : Exception(message)
{
    public UrlListErrorKind Kind { get; } = kind;
    public string FilePath { get; } = filePath;
    public long? Line { get; } = line;
}
