using System.Globalization;
using System.Text.Json;

namespace Img2Dataset.Engine.Input;

/// <summary>
/// Writes rows given as property bags (objects from a PowerShell pipeline) to a JSON Lines file as they arrive, so a
/// job reads them with its ordinary reader: memory stays flat however many come, and the file keeps the rows for
/// shard retries and for resuming. Written under a temporary name and moved into place when complete.
/// </summary>
public sealed class JsonLinesSpool : IDisposable
{
    /// <summary>The name of Invoke-Img2Dataset's spool of piped rows, in the output's state folder.</summary>
    public const string PipelineFileName = "pipeline-input.jsonl";

    private readonly string path;
    private readonly FileStream file;
    private readonly Utf8JsonWriter writer;

    public JsonLinesSpool(string path)
    {
        this.path = path;
        file = new FileStream(path + ".partial", FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        writer = new Utf8JsonWriter(file);
    }

    public long Count { get; private set; }

    public void Add(IEnumerable<KeyValuePair<string, object?>> properties)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in properties)
        {
            writer.WritePropertyName(name);
            switch (value)
            {
                case null: writer.WriteNullValue(); break;
                case bool flag: writer.WriteBooleanValue(flag); break;
                case int or long or short or byte: writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
                case float or double or decimal: writer.WriteNumberValue(Convert.ToDouble(value, CultureInfo.InvariantCulture)); break;
                default: writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            }
        }
        writer.WriteEndObject();
        writer.Flush();
        writer.Reset();
        file.WriteByte((byte)'\n');
        Count++;
    }

    /// <summary>Closes the file and moves it into place; the path a reader takes.</summary>
    public string Complete()
    {
        Dispose();
        File.Move(path + ".partial", path, overwrite: true);
        return path;
    }

    public void Dispose()
    {
        writer.Dispose();
        file.Dispose();
    }
}
