using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;

namespace Img2Dataset.Engine.Imaging;

/// <summary>
/// EXIF as the reference stores it: a JSON object of "IFD Name" → printable value ("Image Orientation" →
/// "Horizontal (normal)", rationals as "127/5", arrays as "[1, 2, 3]" cut after 20 values), "{}" when there is none.
/// Names and printable forms follow exifread's for the common tags; maker notes, XMP and user comments are skipped.
/// </summary>
public static class ExifExtractor
{
    private const int MaxArrayValues = 20;
    private static readonly HashSet<ushort> Skipped = [0x02BC, 0x927C, 0x9286];
    private static readonly HashSet<ushort> ImageIfdPointers = [0x8769, 0x8825, 0x8298];
    private static readonly Dictionary<string, string> ExifreadNames = new()
    {
        ["PixelXDimension"] = "ExifImageWidth",
        ["PixelYDimension"] = "ExifImageLength",
        ["FlashpixVersion"] = "FlashPixVersion",
    };

    public static string ToJson(ExifProfile? profile)
    {
        var tags = new Dictionary<string, string>();
        foreach (var value in profile?.Values ?? [])
        {
            var id = (ushort)value.Tag;
            if (!Skipped.Contains(id) && value.GetValue() is { } raw)
            {
                tags[Name(value.Tag, id)] = Printable(value.Tag, raw).Trim();
            }
        }
        return JsonSerializer.Serialize(tags);
    }

    private static string Name(ExifTag tag, ushort id)
    {
        var name = tag.ToString();
        name = ExifreadNames.GetValueOrDefault(name, name);
        if (name.StartsWith("GPS", StringComparison.Ordinal))
        {
            return "GPS " + name;
        }
        return id >= 0x829A && !ImageIfdPointers.Contains(id) ? "EXIF " + name : "Image " + name;
    }

    private static string Printable(ExifTag tag, object raw) => (tag.ToString(), raw) switch
    {
        ("Orientation", ushort o) => o switch
        {
            1 => "Horizontal (normal)",
            2 => "Mirrored horizontal",
            3 => "Rotated 180",
            4 => "Mirrored vertical",
            5 => "Mirrored horizontal then rotated 90 CCW",
            6 => "Rotated 90 CW",
            7 => "Mirrored horizontal then rotated 90 CW",
            8 => "Rotated 90 CCW",
            _ => o.ToString(CultureInfo.InvariantCulture),
        },
        ("ResolutionUnit", ushort u) => u switch { 1 => "Not Absolute", 2 => "Pixels/Inch", 3 => "Pixels/Centimeter", _ => u.ToString(CultureInfo.InvariantCulture) },
        ("YCbCrPositioning", ushort p) => p switch { 1 => "Centered", 2 => "Co-sited", _ => p.ToString(CultureInfo.InvariantCulture) },
        ("ColorSpace", ushort s) => s switch { 1 => "sRGB", 65535 => "Uncalibrated", _ => s.ToString(CultureInfo.InvariantCulture) },
        ("ComponentsConfiguration", byte[] parts) when parts.SequenceEqual(new byte[] { 1, 2, 3, 0 }) => "YCbCr",
        ("ComponentsConfiguration", byte[] parts) when parts.SequenceEqual(new byte[] { 4, 5, 6, 0 }) => "RGB",
        (_, byte[] bytes) when bytes.Length > 0 && bytes.All(b => b is >= 0x20 and < 0x7F) => Encoding.ASCII.GetString(bytes),
        (_, string text) => text,
        (_, Rational r) => RationalText(r.Numerator, r.Denominator),
        (_, SignedRational r) => RationalText(r.Numerator, r.Denominator),
        (_, IEnumerable items) => ArrayText(items.Cast<object>()),
        _ => Convert.ToString(raw, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Reduced, as exifread prints ratios: 25400/1000 is "127/5", 72/1 is "72".</summary>
    private static string RationalText(long numerator, long denominator)
    {
        var divisor = (long)System.Numerics.BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (divisor > 1)
        {
            (numerator, denominator) = (numerator / divisor, denominator / divisor);
        }
        return denominator == 1 ? numerator.ToString(CultureInfo.InvariantCulture) : $"{numerator}/{denominator}";
    }

    private static string ArrayText(IEnumerable<object> items)
    {
        var values = items.Select(i => i switch
        {
            Rational r => RationalText(r.Numerator, r.Denominator),
            SignedRational r => RationalText(r.Numerator, r.Denominator),
            _ => Convert.ToString(i, CultureInfo.InvariantCulture) ?? "",
        }).ToList();
        return values.Count > MaxArrayValues
            ? "[" + string.Join(", ", values.Take(MaxArrayValues)) + ", ... ]"
            : "[" + string.Join(", ", values) + "]";
    }
}
