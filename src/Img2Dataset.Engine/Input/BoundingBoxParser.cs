using System.Collections;
using System.Globalization;
using System.Text.Json;
using Img2Dataset.Engine.Formats;

namespace Img2Dataset.Engine.Input;

/// <summary>
/// Reads a bbox cell: a list of [x_min, y_min, x_max, y_max] boxes in fractions of the image, given as nested lists
/// (json, parquet) or as a JSON string of such a list (csv, tsv).
/// </summary>
public static class BoundingBoxParser
{
    private const string Expected = "expected a list of [x_min, y_min, x_max, y_max] boxes with numbers between 0 and 1";

    /// <exception cref="FormatException">The value is not a list of boxes.</exception>
    public static IReadOnlyList<BoundingBox>? Parse(object? value) => value switch
    {
        null => null,
        string text when string.IsNullOrWhiteSpace(text) => null,
        string text => Parse(ParseJson(text)),
        IEnumerable boxes => boxes.Cast<object?>().Select(Box).ToArray(),
        _ => throw new FormatException($"{Expected}, found {value}"),
    };

    private static object? ParseJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return JsonValues.ToClr(document.RootElement);
        }
        catch (JsonException)
        {
            throw new FormatException($"{Expected}, found '{text}'");
        }
    }

    private static BoundingBox Box(object? value)
    {
        var numbers = value is IEnumerable items and not string ? items.Cast<object?>().Select(Number).ToArray() : [];
        if (numbers.Length != 4 || numbers.Any(n => n is not (>= 0 and <= 1)) || numbers[0] > numbers[2] || numbers[1] > numbers[3])
        {
            throw new FormatException($"{Expected}, found a box {Describe(value)}");
        }
        var singlePrecision = value is IEnumerable all && all.Cast<object?>().All(n => n is float);
        return new BoundingBox(numbers[0], numbers[1], numbers[2], numbers[3], singlePrecision);
    }

    private static double Number(object? value) => value switch
    {
        double d => d,
        float f => f,
        long or int or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        _ => double.NaN,
    };

    private static string Describe(object? value) => value is IEnumerable items and not string
        ? "[" + string.Join(", ", items.Cast<object?>().Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))) + "]"
        : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null";
}
