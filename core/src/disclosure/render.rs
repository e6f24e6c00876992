//! Renderers (输出格式): every disclosure as JSON, CSV, Markdown or one HTML page.
//!
//! - **JSON**: the disclosure's own serde form (decimals as strings).
//! - **CSV** (RFC 4180): one CSV per table, named by the table; the header row is the
//!   columns' stable keys; fields holding a comma, a double quote, CR or LF are quoted with
//!   quotes doubled; records end with CRLF. A *text* cell starting with `=`, `+`, `-`, `@`,
//!   tab or CR is prefixed with `'` so that a spreadsheet does not run it as a formula
//!   (OWASP CSV injection); figures are never altered. No byte-order mark is added (prepend
//!   one when a spreadsheet needs it to read UTF-8).
//! - **Markdown**: a title, the facts, one pipe table per section with bilingual headings;
//!   `|`, `\`, `<`, `>` and `&` in cells are escaped, line breaks become spaces, so a
//!   hostile name cannot break the table or inject HTML; `[`, `]`, `!` and `` ` ``
//!   are backslash-escaped, so `[x](javascript:…)` is no link and `![](http://…)` loads no
//!   remote image (GFM autolinks bare `http://` text, but only an image fetches anything).
//! - **HTML**: see [`super::html`].
//!
//! In every rendered form (CSV, Markdown, HTML) text is also cleared of characters that can
//! hide or reorder what a reader sees ([`is_hidden_char`]): C0 and C1 control characters (in
//! Markdown and HTML all of them, in CSV all but tab, CR and LF, which RFC 4180 quoting
//! keeps), DEL, the bidirectional formatting characters (U+061C, U+200E, U+200F,
//! U+202A-U+202E, U+2066-U+2069: the "Trojan Source" reordering), zero-width characters
//! (U+200B-U+200D, U+2060, U+FEFF) and the line and paragraph separators (U+2028, U+2029).
//! Each becomes U+FFFD (�), so the reader sees that something was there. The JSON form is the
//! data itself and carries the text unchanged (its serializer escapes C0 controls).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::html::to_html;
use super::table::{Disclose, Table, Tables};
use crate::error::Result;

/// An output format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// The serde form (default).
    #[default]
    Json,
    /// One RFC 4180 CSV per table.
    Csv,
    /// Markdown tables.
    Markdown,
    /// One self-contained HTML page.
    Html,
}

/// Whether a character is hidden or reorders text: a C0 or C1 control, DEL, a bidirectional
/// formatting character, a zero-width character or a line or paragraph separator.
pub fn is_hidden_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

/// Text with every hidden character ([`is_hidden_char`]) but those `keep` allows replaced by
/// U+FFFD.
pub fn neutralise(s: &str, keep: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| is_hidden_char(c) && !keep(c)) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(s.chars().map(|c| if is_hidden_char(c) && !keep(c) { '\u{fffd}' } else { c }).collect())
}

/// One CSV field (RFC 4180 quoting; text cells guarded against formula injection and cleared
/// of hidden characters but tab, CR and LF).
pub fn csv_field(cell: &str, numeric: bool) -> String {
    let cleared = neutralise(cell, |c| matches!(c, '\t' | '\r' | '\n'));
    let cell = cleared.as_ref();
    let guarded;
    let cell = if !numeric && cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{cell}");
        guarded.as_str()
    } else {
        cell
    };
    if cell.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// Append one CSV field to `out`: exactly [`csv_field`]'s text, without its allocations for
/// the usual cell (printable ASCII with no comma nor quote and, for a text cell, no leading
/// `=`, `+`, `-` or `@`: nothing to clear, guard or quote, so it is copied as it is). Any
/// other cell goes through [`csv_field`].
pub fn push_csv_field(out: &mut String, cell: &str, numeric: bool) {
    let plain = plain_csv_bytes(cell.as_bytes()) && (numeric || !cell.starts_with(['=', '+', '-', '@']));
    if plain {
        out.push_str(cell);
    } else {
        out.push_str(&csv_field(cell, numeric));
    }
}

/// Whether every byte is printable ASCII (0x20 to 0x7e) other than `,` and `"`: tested eight
/// bytes at a time in a `u64` (the per-byte test was most of the command line's CSV writing,
/// benches/README.md "session 12"). Each test below is exact as a yes/no over the word: a
/// byte below 0x20, a byte above 0x7e, a zero byte of `x ^ ','` or of `x ^ '"'`.
#[inline]
fn plain_csv_bytes(b: &[u8]) -> bool {
    const LO: u64 = u64::from_ne_bytes([0x01; 8]);
    const HI: u64 = u64::from_ne_bytes([0x80; 8]);
    #[inline(always)]
    fn has_zero(x: u64) -> u64 {
        x.wrapping_sub(LO) & !x & HI
    }
    #[inline(always)]
    fn bad(x: u64) -> u64 {
        let below = x.wrapping_sub(LO * 0x20) & !x & HI;
        let above = (x.wrapping_add(LO) | x) & HI;
        below | above | has_zero(x ^ (LO * u64::from(b','))) | has_zero(x ^ (LO * u64::from(b'"')))
    }
    let mut chunks = b.chunks_exact(8);
    let mut acc = 0u64;
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        acc |= bad(u64::from_ne_bytes(w));
    }
    let rest = chunks.remainder();
    let mut w = [b'a'; 8];
    w[..rest.len()].copy_from_slice(rest);
    acc |= bad(u64::from_ne_bytes(w));
    acc == 0
}

/// One table as CSV text.
pub fn table_csv(t: &Table) -> String {
    let mut s = String::new();
    for (i, c) in t.columns.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        push_csv_field(&mut s, &c.key, false);
    }
    s.push_str("\r\n");
    for row in &t.rows {
        for (i, (c, col)) in row.iter().zip(&t.columns).enumerate() {
            if i > 0 {
                s.push(',');
            }
            push_csv_field(&mut s, c, col.numeric);
        }
        s.push_str("\r\n");
    }
    s
}

/// Every table as a named CSV text, in order.
pub fn to_csv(t: &Tables) -> Vec<(String, String)> {
    t.tables.iter().map(|x| (x.name.clone(), table_csv(x))).collect()
}

/// Escape text for a Markdown table cell or line: no table break, no HTML, no link or image,
/// no hidden character.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '[' | ']' | '!' | '`' => {
                out.push('\\');
                out.push(ch);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\t' | '\r' | '\n' => out.push(' '),
            c if is_hidden_char(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The whole disclosure as Markdown.
pub fn to_markdown(t: &Tables) -> String {
    let mut s = format!("# {} {}\n\n", md_escape(&t.en), md_escape(&t.zh));
    for (k, v) in &t.meta {
        s.push_str(&format!("- {}: {}\n", md_escape(k), md_escape(v)));
    }
    for table in &t.tables {
        s.push_str(&format!("\n## {} {}\n\n", md_escape(&table.en), md_escape(&table.zh)));
        if table.rows.is_empty() {
            s.push_str("None. 无。\n");
        } else {
            let heads: Vec<String> = table.columns.iter().map(|c| format!("{} {}", md_escape(&c.en), md_escape(&c.zh))).collect();
            s.push_str(&format!("| {} |\n", heads.join(" | ")));
            let rules: Vec<&str> = table.columns.iter().map(|c| if c.numeric { "---:" } else { "---" }).collect();
            s.push_str(&format!("|{}|\n", rules.join("|")));
            for row in &table.rows {
                let cells: Vec<String> = row.iter().map(|c| md_escape(c)).collect();
                s.push_str(&format!("| {} |\n", cells.join(" | ")));
            }
        }
        for n in &table.notes {
            s.push_str(&format!("\n> {}\n", md_escape(n)));
        }
    }
    s
}

/// A disclosure as an operation returns it: the serde form for JSON, `{format, content}`
/// for Markdown and HTML, `{format: "csv", tables: {name: content}}` for CSV.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Rendered_{T}"))]
pub enum Rendered<T> {
    /// The serde form (`format: "json"`).
    Document(T),
    /// One CSV text per table (`format: "csv"`).
    Tables {
        /// Always `"csv"`.
        format: String,
        /// Table name → RFC 4180 CSV text.
        tables: std::collections::BTreeMap<String, String>,
    },
    /// One text (`format: "markdown"` or `"html"`).
    Page {
        /// `"markdown"` or `"html"`.
        format: String,
        /// The text.
        content: String,
    },
}

/// A disclosure rendered in `format` ([`Rendered`]).
pub fn rendered<T: Disclose>(value: T, format: Format) -> Rendered<T> {
    match format {
        Format::Json => Rendered::Document(value),
        Format::Csv => Rendered::Tables { format: "csv".into(), tables: to_csv(&value.tables()).into_iter().collect() },
        Format::Markdown => Rendered::Page { format: "markdown".into(), content: to_markdown(&value.tables()) },
        Format::Html => Rendered::Page { format: "html".into(), content: to_html(&value.tables()) },
    }
}

/// The operation output of a disclosure in `format`: the serde form for JSON,
/// `{format, content}` for Markdown and HTML, `{format: "csv", tables: {name: content}}` for CSV.
pub fn render<T: Serialize + Disclose>(value: &T, format: Format) -> Result<Value> {
    Ok(match format {
        Format::Json => crate::op::to_value(value)?,
        Format::Csv => {
            let tables: serde_json::Map<String, Value> = to_csv(&value.tables()).into_iter().map(|(k, v)| (k, Value::String(v))).collect();
            serde_json::json!({ "format": "csv", "tables": tables })
        }
        Format::Markdown => serde_json::json!({ "format": "markdown", "content": to_markdown(&value.tables()) }),
        Format::Html => serde_json::json!({ "format": "html", "content": to_html(&value.tables()) }),
    })
}

#[cfg(test)]
mod csv_tests {
    use super::*;

    /// The allocation-free path writes exactly what `csv_field` writes, for plain cells and
    /// for every kind of cell it must hand over (quotes, commas, line breaks, hidden and
    /// non-ASCII characters, formula prefixes as text and as numbers).
    #[test]
    fn push_csv_field_is_csv_field() {
        let cells = [
            "",
            "r123",
            "no_fee_in_force",
            "p01/finance on 2026-03-01",
            "-12.50",
            "+1",
            "=1+1",
            "@cmd",
            "a,b",
            "say \"hi\"",
            "two\nlines",
            "cr\rhere",
            "\tlead",
            "tab\tin",
            "del\u{7f}",
            "c1\u{85}",
            "zw\u{200b}sp",
            "bom\u{feff}",
            "数据",
            "ümlaut",
            " space",
            "~^|",
            "'q",
            "0",
        ];
        for cell in cells {
            for numeric in [false, true] {
                let mut out = String::from("x");
                push_csv_field(&mut out, cell, numeric);
                assert_eq!(out, format!("x{}", csv_field(cell, numeric)), "cell {cell:?}, numeric {numeric}");
            }
        }
    }

    /// The word-at-a-time test against the byte-at-a-time rule: every ASCII character and a
    /// few others at every position of texts of 1 to 24 bytes.
    #[test]
    fn plain_csv_bytes_is_the_byte_rule() {
        let rule = |s: &str| s.bytes().all(|b| (0x20..0x7f).contains(&b) && b != b',' && b != b'"');
        let mut chars: Vec<char> = (0u8..0x80).map(char::from).collect();
        chars.extend(['\u{80}', '\u{a0}', '\u{ff}', '数', '\u{feff}']);
        for len in 1..=24usize {
            for at in 0..len {
                for &c in &chars {
                    let s: String = (0..len).map(|i| if i == at { c } else { 'a' }).collect();
                    assert_eq!(plain_csv_bytes(s.as_bytes()), rule(&s), "{s:?}");
                }
            }
        }
        assert!(plain_csv_bytes(b""));
    }
}
