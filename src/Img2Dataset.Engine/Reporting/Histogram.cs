using System.Globalization;

namespace Img2Dataset.Engine.Reporting;

/// <summary>
/// A streamed histogram over fixed bin edges: constant memory whatever the number of values, so a report of a million
/// rows costs the same as one of a hundred.
/// </summary>
public sealed class Histogram
{
    private readonly double[] edges;
    private readonly long[] counts;
    private readonly Func<double, string> format;

    /// <param name="title">What is counted, with its unit.</param>
    /// <param name="edges">Ascending bin edges: values below the first fall in the first bin, from the last on in the last.</param>
    /// <param name="format">How an edge reads (pixels as they are, bytes as KB and MB).</param>
    public Histogram(string title, IReadOnlyList<double> edges, Func<double, string> format)
    {
        Title = title;
        this.edges = [.. edges];
        counts = new long[edges.Count + 1];
        this.format = format;
    }

    public string Title { get; }

    public long Total { get; private set; }

    public void Add(double value)
    {
        var bin = Array.BinarySearch(edges, value);
        // An exact edge opens its bin; otherwise the complement is the first edge above the value.
        counts[bin >= 0 ? bin + 1 : ~bin]++;
        Total++;
    }

    /// <summary>Each bin with its label ("&lt; 64", "64 – 128", "≥ 4096") and count, lowest first.</summary>
    public IReadOnlyList<(string Label, long Count)> Bins =>
        counts.Select((count, i) => (Label(i), count)).ToList();

    private string Label(int bin) => bin switch
    {
        0 => "< " + format(edges[0]),
        _ when bin == edges.Length => "≥ " + format(edges[^1]),
        _ => $"{format(edges[bin - 1])} – {format(edges[bin])}",
    };

    public static string Plain(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Bytes(double value) => value switch
    {
        >= 1 << 20 => (value / (1 << 20)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        >= 1 << 10 => (value / (1 << 10)).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => value.ToString("0", CultureInfo.InvariantCulture) + " B",
    };
}
