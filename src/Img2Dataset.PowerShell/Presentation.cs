using System.Globalization;

namespace Img2Dataset.PowerShell;

/// <summary>
/// One way to show rates and durations wherever the module shows them: its format views (which call these by their
/// full name), progress, warnings and CI summaries (Markdown cells too). Objects keep the values themselves (a rate from 0 to 1, a
/// TimeSpan), so scripts compute with them; only what a person reads goes through here.
/// </summary>
public static class Presentation
{
    /// <summary>A rate from 0 to 1 as a percentage with one decimal, "76.0 %"; empty for none.</summary>
    public static string Rate(double? rate) => rate is { } value ? value.ToString("P1", CultureInfo.InvariantCulture) : "";

    /// <summary>
    /// A duration as hours, minutes and seconds, with its days in front once it has any ("2d 03:04:05"), and tenths
    /// of a second under a minute ("00:00:01.3"), so a six-hour CI run and a one-second demo both read at a glance.
    /// </summary>
    public static string Duration(TimeSpan duration)
    {
        var sign = duration < TimeSpan.Zero ? "-" : "";
        duration = duration.Duration();
        var clock = duration.ToString(duration < TimeSpan.FromMinutes(1) ? @"hh\:mm\:ss\.f" : @"hh\:mm\:ss", CultureInfo.InvariantCulture);
        return duration.Days > 0 ? $"{sign}{duration.Days.ToString(CultureInfo.InvariantCulture)}d {clock}" : sign + clock;
    }

    /// <summary>A count of items per second, rounded to a whole number with thousands separators.</summary>
    public static string PerSecond(double rate) => rate.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Text that stays in one Markdown table cell: a "|" escaped, line breaks as &lt;br&gt; (a raw one would end the row).</summary>
    public static string MarkdownCell(string text) =>
        text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r\n", "<br>", StringComparison.Ordinal)
            .Replace("\r", "<br>", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal);
}
