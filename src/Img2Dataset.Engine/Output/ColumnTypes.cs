using System.Globalization;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// The parquet type of a metadata column from the values a shard's first row group holds, as pandas would type them:
/// int64 when every value is an integer, double when every value is a number, bool when every value is a boolean,
/// list of int64 when every value is a list of integers, text otherwise (other lists and objects as JSON text). A
/// later value that does not fit is converted when it can be, and null (an empty list) otherwise, so every column
/// keeps one value per row.
/// </summary>
internal static class ColumnTypes
{
    public static ColumnKind Infer(IEnumerable<object?> values)
    {
        var present = values.Where(v => v is not null).ToList();
        if (present.Count == 0) return ColumnKind.String;
        if (present.All(v => v is int or long)) return ColumnKind.Int64;
        if (present.All(v => v is object?[] list && list.All(e => e is int or long))) return ColumnKind.Int64List;
        if (present.All(v => v is int or long or float or double)) return ColumnKind.Double;
        return present.All(v => v is bool) ? ColumnKind.Bool : ColumnKind.String;
    }

    public static long? AsInt64(object? value) => value switch
    {
        int or long => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        double d when d == Math.Floor(d) && Math.Abs(d) < 9e18 => (long)d,
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    public static double? AsDouble(object? value) => value switch
    {
        int or long or float or double => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    /// <summary>
    /// A column of lists flattened as parquet writes it: the values, and for each its repetition level (0 starts a
    /// row's list). An empty or missing list is one null at level 0, which reads back as an empty list.
    /// </summary>
    public static (long?[] Values, int[] Levels) AsInt64Lists(IEnumerable<object?> rows)
    {
        var values = new List<long?>();
        var levels = new List<int>();
        foreach (var row in rows)
        {
            var items = row is object?[] list && list.All(e => e is int or long) ? list.Select(e => (long?)Convert.ToInt64(e, CultureInfo.InvariantCulture)).ToList() : [];
            if (items.Count == 0)
            {
                items.Add(null);
            }
            values.AddRange(items);
            levels.AddRange(items.Select((_, i) => i == 0 ? 0 : 1));
        }
        return (values.ToArray(), levels.ToArray());
    }

    public static bool? AsBool(object? value) => value switch
    {
        bool b => b,
        string s when bool.TryParse(s, out var parsed) => parsed,
        _ => null,
    };
}
