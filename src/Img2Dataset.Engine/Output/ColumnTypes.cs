using System.Globalization;

namespace Img2Dataset.Engine.Output;

/// <summary>
/// The parquet type of a metadata column from the values a shard's first row group holds, as pandas would type them:
/// int32 when every value is a 32-bit integer (parquet's int32, kept as pyarrow keeps an input's type), int64 when
/// every value is an integer, double when every value is a number, bool when every value is a boolean,
/// a list of int32, int64, double, string or bool when every value is a list of such (whichever reader produced it: JSON,
/// parquet's list columns), text otherwise (mixed lists and objects as JSON text). A
/// later value that does not fit is converted when it can be, and null (an empty list) otherwise, so every column
/// keeps one value per row.
/// </summary>
internal static class ColumnTypes
{
    public static ColumnKind Infer(IEnumerable<object?> values)
    {
        var present = values.Where(v => v is not null).ToList();
        if (present.Count == 0) return ColumnKind.String;
        if (present.All(v => v is int)) return ColumnKind.Int32;
        if (present.All(v => v is int or long)) return ColumnKind.Int64;
        if (present.All(v => v is object?[] list && list.All(e => e is null or int)) && present.Any(v => ((object?[])v!).Any(e => e is int))) return ColumnKind.Int32List;
        if (present.All(v => v is object?[] list && list.All(e => e is null or int or long))) return ColumnKind.Int64List;
        if (present.All(v => v is object?[] list && list.All(e => e is null or int or long or float or double))) return ColumnKind.DoubleList;
        if (present.All(v => v is object?[] list && list.All(e => e is null or string))) return ColumnKind.StringList;
        if (present.All(v => v is object?[] list && list.All(e => e is null or bool))) return ColumnKind.BoolList;
        if (present.All(v => v is int or long or float or double)) return ColumnKind.Double;
        return present.All(v => v is bool) ? ColumnKind.Bool : ColumnKind.String;
    }

    public static int? AsInt32(object? value) => AsInt64(value) is long whole && whole is >= int.MinValue and <= int.MaxValue ? (int)whole : null;

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
    /// row's list), each item converted by <paramref name="item"/> (to null when it does not fit). An empty or missing
    /// list is one null at level 0, which reads back as an empty list.
    /// </summary>
    public static (T[] Values, int[] Levels) AsLists<T>(IEnumerable<object?> rows, Func<object?, T> item)
    {
        var values = new List<T>();
        var levels = new List<int>();
        foreach (var row in rows)
        {
            var items = row is object?[] list ? list.Select(item).ToList() : [];
            if (items.Count == 0)
            {
                items.Add(item(null));
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
