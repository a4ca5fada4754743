namespace Img2Dataset.Engine.Input;

/// <summary>Reads one input format, yielding the requested columns of each record as it is read.</summary>
public interface IRecordSource
{
    /// <exception cref="UrlListException">The file as a whole cannot be read (missing column, malformed document).</exception>
    IEnumerable<SourceRecord> Read(Stream stream, string path, IReadOnlyList<string> columns);
}
