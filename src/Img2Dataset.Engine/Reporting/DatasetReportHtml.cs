using System.Globalization;
using System.Net;
using System.Text;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Jobs;

namespace Img2Dataset.Engine.Reporting;

/// <summary>
/// Writes a report's figures as one self-contained HTML page: inline stylesheet and SVG, thumbnails as data URIs, a
/// Content-Security-Policy that refuses every request, no script. Every figure stands in a table with its exact value
/// (<c>data-value</c>), so screen readers and tests read the same numbers the charts draw. The markup is also
/// well-formed XML, so any XML reader can check it.
/// </summary>
public sealed class DatasetReportHtml
{
    private readonly StringBuilder html = new();
    private readonly DatasetReportFigures figures;
    private readonly DateTimeOffset generatedAt;

    private DatasetReportHtml(DatasetReportFigures figures, DateTimeOffset generatedAt)
    {
        this.figures = figures;
        this.generatedAt = generatedAt;
    }

    public static string Render(DatasetReportFigures figures, DateTimeOffset generatedAt)
    {
        var page = new DatasetReportHtml(figures, generatedAt);
        page.Document();
        return page.html.ToString();
    }

    private void Document()
    {
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\" />")
            .Append($"<meta http-equiv=\"Content-Security-Policy\" content=\"{Encode(ReportStyle.ContentSecurityPolicy)}\" />")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />")
            .Append($"<title>Dataset report: {Encode(figures.Location)}</title><style>").Append(ReportStyle.Css).Append("</style></head><body>");
        html.Append($"<header><h1>Dataset report</h1><p class=\"url\">{Encode(figures.Location)}</p></header><main>");
        Run();
        Outcomes();
        Consent();
        Images();
        Hosts();
        Shards();
        html.Append(Invariant($"</main><footer><p>Made by {Encode(ModuleIdentity.Name)} on {generatedAt:yyyy-MM-dd HH:mm:ss} UTC from the dataset's published shards, metadata and stats.</p></footer></body></html>\n"));
    }

    private void Run()
    {
        var s = figures.Statistics;
        Section("run", "The run");
        html.Append("<dl class=\"figures\">");
        Figure("rows", "Rows", s.Count);
        Figure("successes", "Successes", s.Successes);
        FigureText("success-rate", "Success rate", Rate(s.SuccessRate), Invariant($"{s.SuccessRate:0.####}"));
        Figure("failed-to-download", "Failed to download", s.FailedToDownload);
        Figure("failed-to-resize", "Failed to resize", s.FailedToResize);
        Figure("removed", "Removed later", s.Removed);
        Figure("shards", "Shards published", s.Shards);
        FigureText("duration", "Wall time", figures.WallTime is { } wall ? Duration(wall) : "—", figures.WallTime?.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) ?? "");
        FigureText("images-per-second", "Images per second", figures.ImagesPerSecond is { } rate ? Invariant($"{rate:N1}") : "—", figures.ImagesPerSecond?.ToString("0.###", CultureInfo.InvariantCulture) ?? "");
        FigureText("complete", "Complete", s.IsComplete switch { true => "yes", false => Invariant($"no: {s.MissingShards.Count:N0} shards missing"), null => "no plan recorded" }, s.IsComplete?.ToString() ?? "");
        html.Append("</dl>");
        html.Append(Invariant($"<p>Format <strong>{Encode(figures.Format.ToString().ToLowerInvariant())}</strong>; written by {Encode(figures.WrittenBy ?? "a tool that did not record its version")}"))
            .Append(figures.Started is { } started ? Invariant($"; from {started:yyyy-MM-dd HH:mm:ss} to {figures.Ended:yyyy-MM-dd HH:mm:ss} UTC") : "")
            .Append(Invariant($"; shard writing time summed over shards {Duration(s.Duration)}.</p>"));
        Workers();
        if (figures.Options.Count > 0)
        {
            html.Append("<details><summary>The options the dataset was made with (config.json)</summary><div class=\"table-wrap\"><table id=\"options\"><caption>Options</caption>")
                .Append("<thead><tr><th scope=\"col\">Option</th><th scope=\"col\">Value</th></tr></thead><tbody>");
            foreach (var (name, value) in figures.Options)
            {
                html.Append($"<tr><th scope=\"row\"><code>{Encode(name)}</code></th><td><code>{Encode(value)}</code></td></tr>");
            }
            html.Append("</tbody></table></div></details>");
        }
        if (s.History.Count > 0)
        {
            html.Append("<h3>After it was built</h3><ul>");
            foreach (var record in s.History)
            {
                html.Append($"<li>{Encode(record.ToString() ?? "")}</li>");
            }
            html.Append("</ul>");
        }
        html.Append("</section>");
    }

    private void Workers()
    {
        if (figures.Workers.Count == 0)
        {
            return;
        }
        Table("workers", Invariant($"Workers: the dataset was planned for {figures.Workers.Count} workers"), ["Worker", "Shards planned", "Complete", "Missing"], [false, true, true, false]);
        foreach (var w in figures.Workers)
        {
            html.Append(Invariant($"<tr><th scope=\"row\">{w.Index}</th>{Number(w.PlannedShards)}{Number(w.CompleteShards)}<td>"))
                .Append(w.MissingShards.Count == 0 ? "none" : Encode(string.Join(", ", w.MissingShards.Take(20)) + (w.MissingShards.Count > 20 ? Invariant($", … ({w.MissingShards.Count:N0} in all)") : "")))
                .Append("</td></tr>");
        }
        EndTable();
    }

    private void Outcomes()
    {
        Section("outcomes-section", "Where rows went");
        var rows = figures.Outcomes.Select(o => (o.Outcome, o.Count, OutcomeClass(o.Outcome))).ToList();
        SvgBars.Write(html, "Rows by outcome", rows);
        Table("outcomes", "Rows by outcome: success, each failure status, each opt-out signal", ["Outcome", "Rows", "Share"], [false, true, true]);
        var total = Math.Max(1, figures.Statistics.Count);
        foreach (var (outcome, count) in figures.Outcomes)
        {
            html.Append($"<tr data-key=\"{Encode(outcome)}\"><th scope=\"row\">{Encode(outcome)}</th>{Number(count)}<td class=\"n\">{Rate((double)count / total)}</td></tr>");
        }
        EndTable();
        html.Append("<h3>Top errors</h3>");
        if (figures.TopErrors.Count == 0)
        {
            html.Append("<p>No row failed (refusals by opt-out are in the next section).</p>");
        }
        else
        {
            Table("errors", Invariant($"The {figures.TopErrors.Count} most frequent failures of {figures.ErrorMessages:N0} (refusals by opt-out are in the next section)"),
                ["Error", "Rows", "Example URL"], [false, true, false]);
            foreach (var e in figures.TopErrors)
            {
                html.Append($"<tr><td>{Encode(e.Message)}</td>{Number(e.Count)}<td class=\"url\">{Encode(e.ExampleUrl ?? "")}</td></tr>");
            }
            EndTable();
        }
        html.Append("</section>");
    }

    private void Consent()
    {
        Section("consent", "Consent: what creators refused");
        if (figures.Signals.Count == 0)
        {
            html.Append("<p>No row carries opt-out evidence: no creator's signal refused an image of this dataset.</p></section>");
            return;
        }
        Table("signals", "Images refused by each opt-out signal, with one row's evidence", ["Signal", "Refused", "Marked, kept", "Example evidence", "Example URL"], [false, true, true, false, false]);
        foreach (var s in figures.Signals)
        {
            html.Append($"<tr data-key=\"{Encode(s.Name)}\"><th scope=\"row\">{Encode(s.Name)}</th>{Number(s.Refused)}{Number(s.Marked)}<td><code>{Encode(s.ExampleEvidence ?? "")}</code></td><td class=\"url\">{Encode(s.ExampleUrl ?? "")}</td></tr>");
        }
        EndTable();
        if (figures.ConsentHosts.Count > 0)
        {
            Table("consent-hosts", Invariant($"Hosts with the most refusals (at most {ReportCollector.TopCount})"), ["Host", "Refused", "By signal", "Example evidence"], [false, true, false, false]);
            foreach (var h in figures.ConsentHosts)
            {
                var bySignal = string.Join(", ", h.BySignal.OrderByDescending(p => p.Value).Select(p => Invariant($"{p.Key} {p.Value:N0}")));
                html.Append($"<tr data-key=\"{Encode(h.Name)}\"><th scope=\"row\">{Encode(h.Name)}</th>{Number(h.Refused)}<td>{Encode(bySignal)}</td><td><code>{Encode(h.ExampleEvidence ?? "")}</code></td></tr>");
            }
            EndTable();
        }
        html.Append("</section>");
    }

    private void Images()
    {
        Section("images", "The images");
        html.Append(Invariant($"<p>{figures.Thumbnails.Count:N0} of the {figures.Statistics.Successes:N0} stored images, chosen by key hash across every shard (up to {figures.SamplesRequested:N0}; the grid stops at {ThumbnailMaker.ByteBudget / (1 << 20)} MB), read from the shards and shrunk to {ThumbnailMaker.Size} px.</p>"));
        if (figures.Thumbnails.Count > 0)
        {
            html.Append("<ul class=\"grid\" id=\"samples\">");
            foreach (var t in figures.Thumbnails)
            {
                var alt = t.Caption is { Length: > 0 } caption ? caption : $"Sample {t.Key} (no caption)";
                html.Append(Invariant($"<li><figure><img src=\"data:image/jpeg;base64,{Convert.ToBase64String(t.Jpeg)}\" width=\"{t.Width}\" height=\"{t.Height}\" alt=\"{Encode(alt)}\" />"))
                    .Append($"<figcaption>{Encode(t.Caption ?? "")}<span class=\"key\">{Encode(t.Key)} · shard {Encode(t.Shard)}</span></figcaption></figure></li>");
            }
            html.Append("</ul>");
        }
        html.Append("<h3>Sizes of the stored images</h3><div class=\"histograms\">");
        for (var i = 0; i < figures.Histograms.Count; i++)
        {
            var histogram = figures.Histograms[i];
            html.Append("<div>");
            SvgBars.Write(html, histogram.Title, histogram.Bins.Select(b => (b.Label, b.Count, "")).ToList(), compact: true);
            Table(Invariant($"histogram-{i}"), Invariant($"{histogram.Title}: {histogram.Total:N0} images"), ["Range", "Images"], [false, true]);
            foreach (var (label, count) in histogram.Bins)
            {
                html.Append($"<tr><th scope=\"row\">{Encode(label)}</th>{Number(count)}</tr>");
            }
            EndTable();
            html.Append("</div>");
        }
        html.Append("</div></section>");
    }

    private void Hosts()
    {
        Section("hosts-section", "Hosts");
        html.Append(Invariant($"<p>{figures.HostCount:N0} distinct hosts{(figures.HostCount >= BoundedTally<HostFigure>.DefaultMaxEntries ? " (the report counts at most this many; later ones are grouped)" : "")}.</p>"));
        HostTable("hosts", Invariant($"Hosts with the most rows (at most {ReportCollector.TopCount})"), figures.Hosts);
        if (figures.FailingHosts.Count > 0)
        {
            HostTable("failing-hosts", Invariant($"Hosts with the most failures, refusals aside (at most {ReportCollector.TopCount})"), figures.FailingHosts);
        }
        html.Append("<p class=\"note\">The hosts with the most refusals are in the consent section.</p></section>");
    }

    private void HostTable(string id, string caption, IReadOnlyList<HostFigure> hosts)
    {
        Table(id, caption, ["Host", "Rows", "Successes", "Failures", "Refusals"], [false, true, true, true, true]);
        foreach (var h in hosts)
        {
            html.Append($"<tr data-key=\"{Encode(h.Host)}\"><th scope=\"row\">{Encode(h.Host)}</th>{Number(h.Rows)}{Number(h.Successes)}{Number(h.Failures)}{Number(h.Refusals)}</tr>");
        }
        EndTable();
    }

    private void Shards()
    {
        Section("shards-section", "Shards");
        Table("shards", "Every shard, missing and incomplete ones first", ["Shard", "Status", "Rows", "Successes", "Failed to download", "Failed to resize", "Removed"], [false, false, true, true, true, true, true]);
        foreach (var s in figures.Shards)
        {
            html.Append($"<tr class=\"{s.Status}\" data-key=\"{Encode(s.Name)}\"><th scope=\"row\">{Encode(s.Name)}</th><td>{s.Status}</td>")
                .Append($"{Number(s.Count)}{Number(s.Successes)}{Number(s.FailedToDownload)}{Number(s.FailedToResize)}{Number(s.Removed)}</tr>");
        }
        EndTable();
        if (figures.ShardsNotListed > 0)
        {
            html.Append(Invariant($"<p class=\"note\">{figures.ShardsNotListed:N0} more complete shards are not listed (the report lists {ReportCollector.MaxShardRows:N0}).</p>"));
        }
        html.Append("</section>");
    }

    private void Section(string id, string title) =>
        html.Append($"<section aria-labelledby=\"{id}-title\"><h2 id=\"{id}-title\">{Encode(title)}</h2>");

    private void Table(string id, string caption, IReadOnlyList<string> columns, IReadOnlyList<bool> numeric)
    {
        html.Append($"<div class=\"table-wrap\"><table id=\"{id}\"><caption>{Encode(caption)}</caption><thead><tr>");
        for (var i = 0; i < columns.Count; i++)
        {
            html.Append($"<th scope=\"col\"{(numeric[i] ? " class=\"n\"" : "")}>{Encode(columns[i])}</th>");
        }
        html.Append("</tr></thead><tbody>");
    }

    private void EndTable() => html.Append("</tbody></table></div>");

    private void Figure(string id, string label, long value) => FigureText(id, label, Invariant($"{value:N0}"), Invariant($"{value}"));

    private void FigureText(string id, string label, string shown, string value) =>
        html.Append($"<div><dt>{Encode(label)}</dt><dd id=\"{id}\" data-value=\"{Encode(value)}\">{Encode(shown)}</dd></div>");

    private static string Number(long value) => Invariant($"<td class=\"n\" data-value=\"{value}\">{value:N0}</td>");

    private static string OutcomeClass(string outcome) => outcome switch
    {
        "success" => "success",
        SampleStatus.FailedToDownload => "failed_to_download",
        SampleStatus.FailedToResize => "failed_to_resize",
        SampleStatus.Removed => "removed",
        _ => "optout",
    };

    private static string Rate(double rate) => Invariant($"{rate * 100:0.#} %");

    /// <summary>A duration as people read one: "3 d 4 h 05 min", "2 h 03 min 04 s", "45.2 s".</summary>
    public static string Duration(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } => Invariant($"{(int)span.TotalDays} d {span.Hours} h {span.Minutes:00} min"),
        { TotalHours: >= 1 } => Invariant($"{span.Hours} h {span.Minutes:00} min {span.Seconds:00} s"),
        { TotalMinutes: >= 1 } => Invariant($"{span.Minutes} min {span.Seconds:00} s"),
        _ => Invariant($"{span.TotalSeconds:0.#} s"),
    };

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
