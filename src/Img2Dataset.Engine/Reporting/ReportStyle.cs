using System.Security.Cryptography;
using System.Text;

namespace Img2Dataset.Engine.Reporting;

/// <summary>
/// The report's one stylesheet, and the Content-Security-Policy that allows exactly it: no script, no font, no request
/// of any kind, images only from the file's own data URIs, styles only this sheet (by its hash, so no other inline
/// style can apply).
/// </summary>
public static class ReportStyle
{
    public const string Css = """

:root{--ink:#1d2329;--muted:#5b6570;--line:#d5dbe1;--panel:#f5f7f9;--ok:#2f7d32;--fail:#c0392b;--resize:#d4801f;--optout:#6a4fb3;--removed:#7f8c8d;--bar:#3b6ea8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
header,main,footer{max-width:1200px;margin:0 auto;padding:0 16px}
header{padding-top:24px}
h1{font-size:1.6rem;margin:0 0 4px}
h2{font-size:1.25rem;margin:32px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:1rem;margin:20px 0 6px}
p.note,.muted{color:var(--muted)}
code,.url{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em;overflow-wrap:anywhere}
dl.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:8px;margin:12px 0}
dl.figures div{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:8px 10px}
dl.figures dt{font-size:.8rem;color:var(--muted)}
dl.figures dd{margin:0;font-size:1.25rem;font-weight:600}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th[scope=col]{background:var(--panel)}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.missing td,tr.incomplete td{background:#fdecea}
svg.chart{width:100%;height:auto;max-width:760px;display:block}
svg.chart text{font-size:12px;fill:var(--ink)}
.bar{fill:var(--bar)}.bar.success{fill:var(--ok)}.bar.failed_to_download{fill:var(--fail)}.bar.failed_to_resize{fill:var(--resize)}
.bar.optout{fill:var(--optout)}.bar.removed{fill:var(--removed)}
.histograms{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(320px,100%),1fr));gap:16px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:12px;padding:0;margin:12px 0;list-style:none}
.grid figure{margin:0;background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:6px}
.grid img{display:block;width:min(100%,160px);height:auto;margin:0 auto}
.grid figcaption{font-size:.8rem;margin-top:4px;overflow-wrap:anywhere}
.grid figcaption .key{color:var(--muted);display:block}
details{margin:8px 0}summary{cursor:pointer}
footer{margin:40px auto 24px;color:var(--muted);font-size:.85rem}
@media (max-width:600px){body{font-size:14px}dl.figures dd{font-size:1.05rem}th,td{padding:3px 4px}}
@media print{body{font-size:11px}header,main,footer{max-width:none}h2{break-after:avoid}table,figure,svg{break-inside:avoid}
.grid{grid-template-columns:repeat(6,1fr)}details{display:block}a{color:inherit;text-decoration:none}}

""";

    /// <summary>The policy of the report's meta element: everything refused but the stylesheet above and data: images.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; img-src data:; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)))}'; base-uri 'none'; form-action 'none'";
}
