using System.Globalization;
using System.Text.RegularExpressions;

namespace Img2Dataset.Engine.Policy;

/// <summary>
/// The date of an <c>unavailable_after</c> directive, after which the page is to be treated as <c>noindex</c>.
/// Google reads "all widely adopted formats including RFC 822, RFC 850 and ISO 8601"; so do we, with the US zone
/// abbreviations those examples use (PST, EDT…) and UTC when no zone is given. An unreadable date is no date.
/// </summary>
public static partial class UnavailableAfterDate
{
    private static readonly Dictionary<string, string> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = "+00:00", ["UTC"] = "+00:00", ["GMT"] = "+00:00",
        ["EST"] = "-05:00", ["EDT"] = "-04:00", ["CST"] = "-06:00", ["CDT"] = "-05:00",
        ["MST"] = "-07:00", ["MDT"] = "-06:00", ["PST"] = "-08:00", ["PDT"] = "-07:00",
    };

    public static DateTimeOffset? Parse(string text)
    {
        var withoutWeekday = Weekday().Replace(text.Trim(), "");
        var normalized = Zone().Replace(withoutWeekday, m => " " + Zones[m.Groups[1].Value]);
        // RFC 850 writes the date with dashes (25-Jun-2010): spaces read the same to the parser.
        normalized = DashedDate().Replace(normalized, "$1 $2 $3");
        return DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var date)
            ? date
            : null;
    }

    [GeneratedRegex(@"^[A-Za-z]+,\s*")]
    private static partial Regex Weekday();

    [GeneratedRegex(@"\s+(UTC|UT|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT)$", RegexOptions.IgnoreCase)]
    private static partial Regex Zone();

    [GeneratedRegex(@"^(\d{1,2})-([A-Za-z]{3})-(\d{2,4})")]
    private static partial Regex DashedDate();
}
