using System.Globalization;

namespace Img2Dataset.Engine.Input;

/// <summary>
/// Where a piped UrlRow sat in the list it came from (its shard, its index and its key), kept in the job's spool of
/// piped rows (<see cref="JsonLinesSpool.PipelineFileName"/>) as one more column, so the job writes the row under the
/// key and into the shard a job reading that list writes it to, and a run resumed from the spool does the same. Only
/// that spool file is read for the column: no list of a user's carries it.
/// </summary>
public static class PipedPosition
{
    public const string Column = "img2dataset_position";

    /// <summary>The row's place as the spool keeps it: "shard:index:key".</summary>
    public static string Of(UrlRow row) => string.Create(CultureInfo.InvariantCulture, $"{row.ShardId}:{row.Index}:{row.Key}");

    /// <summary>The place a spooled value holds; null for none, or for a value that is not one.</summary>
    public static (int Shard, int Index, string Key)? Parse(object? value)
    {
        if (value is not string text || text.Split(':') is not [var shard, var index, { Length: > 0 } key])
        {
            return null;
        }
        return int.TryParse(shard, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            ? (s, i, key)
            : null;
    }
}
