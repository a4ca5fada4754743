using System.Globalization;
using System.Net;
using System.Text;

namespace Img2Dataset.Engine.Reporting;

/// <summary>
/// Horizontal bar charts as inline SVG: a label, a bar scaled to the largest value and the value, one row each. The
/// chart is an image titled for screen readers; the same numbers stand in a table beside it.
/// </summary>
public static class SvgBars
{
    private const int RowHeight = 22;

    /// <param name="html">The page being written.</param>
    /// <param name="title">The chart's title, read by screen readers.</param>
    /// <param name="rows">Label, value and the CSS class of the bar.</param>
    /// <param name="compact">A chart for a narrow column (a histogram beside others): short labels, short bars.</param>
    public static void Write(StringBuilder html, string title, IReadOnlyList<(string Label, long Value, string Class)> rows, bool compact = false)
    {
        var (labelWidth, barWidth) = compact ? (110, 170) : (250, 380);
        var width = labelWidth + barWidth + 90;
        var max = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => r.Value));
        var height = Math.Max(1, rows.Count) * RowHeight + 4;
        html.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {width} {height}\" aria-labelledby=\"{Id(title)}\">");
        html.Append(CultureInfo.InvariantCulture, $"<title id=\"{Id(title)}\">{Encode(title)}</title>");
        for (var i = 0; i < rows.Count; i++)
        {
            var (label, value, cssClass) = rows[i];
            var y = i * RowHeight + 2;
            var length = value == 0 ? 0 : Math.Max(1.0, barWidth * (double)value / max);
            html.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{labelWidth - 6}\" y=\"{y + 15}\" text-anchor=\"end\">{Encode(Shorten(label, compact ? 16 : 38))}</text>" +
                $"<rect class=\"bar {cssClass}\" x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{length:0.#}\" height=\"{RowHeight - 6}\" />" +
                $"<text x=\"{labelWidth + length + 6:0.#}\" y=\"{y + 15}\">{value:N0}</text>");
        }
        html.Append("</svg>");
    }

    private static string Id(string title) => "chart-" + string.Concat(title.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
