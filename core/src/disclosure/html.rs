//! One self-contained, printable HTML page (网页版): inline CSS, no scripts, no external
//! resources, every text escaped and cleared of hidden characters.
//!
//! The page declares `lang="zh-CN"` and UTF-8, carries a Content-Security-Policy that
//! forbids every resource but its inline style (so even a mistake in escaping could not
//! load or run anything), shows each heading in English and Chinese, right-aligns figures
//! and prints on A4 landscape with table headers repeated on each page.

use super::table::{Table, Tables};

/// Escape text for HTML element content and attribute values: `& < > " '`; hidden
/// characters (controls, bidirectional formatting, zero-width: [`super::render::is_hidden_char`])
/// become U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\t' | '\r' | '\n' => out.push(' '),
            c if super::render::is_hidden_char(c) => out.push('\u{fffd}'),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "\
body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\",\"Microsoft YaHei\",system-ui,sans-serif;\
color:#111;background:#fff;line-height:1.45;max-width:80rem;margin:2rem auto;padding:0 1rem}\
h1{font-size:1.5rem;margin:0 0 .5rem}h2{font-size:1.15rem;margin:1.75rem 0 .5rem;border-bottom:2px solid #333}\
.zh{margin-left:.5em}th .zh{display:block;margin:0;font-weight:normal}\
dl.meta{display:grid;grid-template-columns:max-content auto;gap:.15rem 1rem;margin:0 0 1rem}dl.meta dt{font-weight:bold}dl.meta dd{margin:0}\
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.25rem 0 .75rem}table.kv{width:auto;min-width:50%}\
th,td{border:1px solid #888;padding:.25rem .45rem;text-align:left;vertical-align:top}\
th{background:#e8e8e8}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
p.none{color:#555}p.note{font-size:.8rem;color:#333;margin:.25rem 0}footer{margin-top:2rem;font-size:.75rem;color:#555}\
@page{size:A4 landscape;margin:12mm}\
@media print{body{margin:0;max-width:none;padding:0}h2{break-after:avoid}tr{break-inside:avoid}thead{display:table-header-group}th{background:#e8e8e8 !important}}";

fn table_html(t: &Table, out: &mut String) {
    out.push_str(&format!("<section id=\"{}\">\n<h2>{}<span class=\"zh\">{}</span></h2>\n", escape(&t.name), escape(&t.en), escape(&t.zh)));
    if t.rows.is_empty() {
        out.push_str("<p class=\"none\">None. 无。</p>\n");
    } else {
        let kv = if t.columns.len() <= 2 { " class=\"kv\"" } else { "" };
        out.push_str(&format!("<table{kv}>\n<thead><tr>"));
        for c in &t.columns {
            let class = if c.numeric { " class=\"num\"" } else { "" };
            out.push_str(&format!("<th scope=\"col\"{class}>{}<span class=\"zh\">{}</span></th>", escape(&c.en), escape(&c.zh)));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &t.rows {
            out.push_str("<tr>");
            for (cell, c) in row.iter().zip(&t.columns) {
                let class = if c.numeric { " class=\"num\"" } else { "" };
                out.push_str(&format!("<td{class}>{}</td>", escape(cell)));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }
    for n in &t.notes {
        out.push_str(&format!("<p class=\"note\">{}</p>\n", escape(n)));
    }
    out.push_str("</section>\n");
}

/// The whole disclosure as one HTML page.
pub fn to_html(t: &Tables) -> String {
    let mut s = String::from("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    s.push_str(&format!("<title>{} {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n", escape(&t.en), escape(&t.zh)));
    s.push_str(&format!("<header>\n<h1>{}<span class=\"zh\">{}</span></h1>\n", escape(&t.en), escape(&t.zh)));
    if !t.meta.is_empty() {
        s.push_str("<dl class=\"meta\">");
        for (k, v) in &t.meta {
            s.push_str(&format!("<dt>{}</dt><dd>{}</dd>", escape(k), escape(v)));
        }
        s.push_str("</dl>\n");
    }
    s.push_str("</header>\n<main>\n");
    for table in &t.tables {
        table_html(table, &mut s);
    }
    s.push_str("</main>\n<footer>Computed by datafee; every figure has a working paper (底稿). 本页由 datafee 生成。</footer>\n</body>\n</html>\n");
    s
}
