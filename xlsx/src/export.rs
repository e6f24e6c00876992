//! Export (导出): a disclosure's tables, the fee list (收费公示) or the working papers (底稿)
//! as one .xlsx workbook.
//!
//! The workbook is built from the core's table model ([`datafee::disclosure::Tables`]),
//! the same tables the CSV, Markdown and HTML renderers read, so no figure is derived here:
//!
//! - the first sheet, `说明 about`, carries the title (English and Chinese), the facts
//!   (name, year, profile) and the list of sheets;
//! - then **one sheet per table**, named `"{Chinese heading} {table name}"` (cut to Excel's
//!   31 characters, `[]:*?/\` replaced by `_`, a `~2` suffix when two names collide). Row 1 holds
//!   the headings, Chinese beside English (`收入 Revenue`), frozen; the rows follow; the
//!   table's notes come under them after one empty row. An empty table has one row
//!   `None. 无。`.
//! - **Numbers** (the number rule, 数值规则): a cell of a figure column whose text is a plain
//!   decimal (`-12.50`) is written as a number with a format showing exactly its decimal places
//!   (`0.00`) **only when** the nearest binary floating-point number reads back as the same
//!   decimal: the shortest decimal of that `f64` (what a reader such as calamine or Excel gets
//!   back) must equal the text numerically ([`exact_number`]). Otherwise the text is written
//!   unchanged as a string with a cell note saying why, so money is never rounded silently.
//!   Any other text in a figure column (`free 免费`, `12.5%`, `undefined (MPR = 0) 不适用`) is
//!   written as text.
//! - **Text** cells are cleared of hidden characters as the other renderers clear them
//!   ([`datafee::disclosure::render::neutralise`], tab and line feed kept) and are always
//!   written as strings: a text starting with `=` is never a formula.

use std::str::FromStr;

use datafee::disclosure::render::neutralise;
use datafee::disclosure::{Disclose, Table, Tables};
use datafee::explain::WorkingPaper;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Note, Workbook, Worksheet};

use crate::error::{Error, Result};
use crate::MAX_CELL_CHARS;

/// The note attached to a figure kept as text because no `f64` holds it exactly.
pub const INEXACT_NOTE: &str =
    "Exact value kept as text: no binary floating-point number holds it exactly, and money is never rounded. 精确值以文本保存：浮点数无法精确表示，金额不作舍入。";

/// The name of the first sheet (title, facts, list of sheets).
pub const ABOUT_SHEET: &str = "说明 about";

/// The number a figure's text is written as, and its decimal places, when the nearest `f64`
/// reads back as the same decimal; `None` when the text is not a plain decimal
/// (`[-+]digits[.digits]`) or no `f64` holds it exactly.
///
/// ```
/// use datafee_xlsx::export::exact_number;
/// assert_eq!(exact_number("1234.50"), Some((1234.5, 2)));
/// assert_eq!(exact_number("0.1"), Some((0.1, 1)));
/// assert_eq!(exact_number("12345678901234567.89"), None); // beyond an f64's digits
/// assert_eq!(exact_number("free 免费"), None);
/// ```
pub fn exact_number(text: &str) -> Option<(f64, u32)> {
    let d = datafee::money::parse_decimal(text, "").ok()?;
    let f: f64 = text.parse().ok()?;
    if !f.is_finite() {
        return None;
    }
    // Rust prints the shortest decimal that reads back as the same f64: what a reader gets.
    let back = Decimal::from_str(&format!("{f}")).ok()?;
    (back == d).then_some((f, d.scale()))
}

/// Excel's number format showing exactly `scale` decimal places (`0`, `0.00`).
pub fn number_format(scale: u32) -> String {
    if scale == 0 {
        "0".into()
    } else {
        format!("0.{}", "0".repeat(scale as usize))
    }
}

/// Excel's rules for a sheet name: at most 31 characters, none of `[]:*?/\`, not starting or
/// ending with `'`.
fn sheet_name(zh: &str, name: &str, taken: &[String]) -> String {
    let raw = if zh.is_empty() { name.to_string() } else { format!("{zh} {name}") };
    let clean: String = raw.chars().map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() { '_' } else { c }).collect();
    let clean = clean.trim_matches('\'').to_string();
    let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    let mut out = cut(&clean, 31);
    let mut i = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&out)) || out.is_empty() {
        let suffix = format!("~{i}");
        out = format!("{}{suffix}", cut(&clean, 31 - suffix.len()));
        i += 1;
    }
    out
}

fn text(s: &str) -> Result<String> {
    let t = neutralise(s, |c| matches!(c, '\t' | '\n')).into_owned();
    let n = t.chars().count();
    if n > MAX_CELL_CHARS {
        return Err(Error::TooLarge { what: "cell text".into(), value: format!("{n} characters"), max: MAX_CELL_CHARS.to_string() });
    }
    Ok(t)
}

/// Write one figure cell by the number rule.
fn write_figure(ws: &mut Worksheet, row: u32, col: u16, cell: &str) -> Result<()> {
    if cell.is_empty() {
        return Ok(());
    }
    if let Some((f, scale)) = exact_number(cell) {
        let fmt = Format::new().set_num_format(number_format(scale));
        ws.write_number_with_format(row, col, f, &fmt).map_err(Error::write)?;
    } else {
        ws.write_string(row, col, text(cell)?).map_err(Error::write)?;
        if datafee::money::parse_decimal(cell, "").is_ok() {
            let note = Note::new(INEXACT_NOTE).set_author("datafee");
            ws.insert_note(row, col, &note).map_err(Error::write)?;
        }
    }
    Ok(())
}

fn write_table(ws: &mut Worksheet, t: &Table) -> Result<()> {
    let bold = Format::new().set_bold();
    for (c, col) in t.columns.iter().enumerate() {
        let c = u16::try_from(c).map_err(|_| Error::TooLarge {
            what: format!("table {}: columns", t.name),
            value: t.columns.len().to_string(),
            max: "65535".into(),
        })?;
        ws.write_string_with_format(0, c, text(&format!("{} {}", col.zh, col.en))?, &bold).map_err(Error::write)?;
        let width = (col.zh.chars().count() * 2 + col.en.chars().count() + 2).clamp(10, 40);
        ws.set_column_width(c, width as f64).map_err(Error::write)?;
    }
    ws.set_freeze_panes(1, 0).map_err(Error::write)?;
    let mut r: u32 = 1;
    if t.rows.is_empty() {
        ws.write_string(1, 0, "None. 无。").map_err(Error::write)?;
        r = 2;
    }
    for row in &t.rows {
        for (c, (cell, col)) in row.iter().zip(&t.columns).enumerate() {
            let c = c as u16; // bounded by the header loop above
            if col.numeric {
                write_figure(ws, r, c, cell)?;
            } else if !cell.is_empty() {
                ws.write_string(r, c, text(cell)?).map_err(Error::write)?;
            }
        }
        r = r.checked_add(1).ok_or_else(|| Error::TooLarge {
            what: format!("table {}: rows", t.name),
            value: t.rows.len().to_string(),
            max: "1048575".into(),
        })?;
    }
    if !t.notes.is_empty() {
        r += 1;
        for n in &t.notes {
            ws.write_string(r, 0, text(n)?).map_err(Error::write)?;
            r += 1;
        }
    }
    Ok(())
}

/// The sheet names a workbook of `t` gets, in order (the about sheet first).
pub fn sheet_names(t: &Tables) -> Vec<String> {
    let mut names = vec![ABOUT_SHEET.to_string()];
    for table in &t.tables {
        let n = sheet_name(&table.zh, &table.name, &names);
        names.push(n);
    }
    names
}

/// A workbook of the tables (see the module doc for the layout), as the bytes of an .xlsx file.
///
/// Errors: [`Error::TooLarge`] for a cell text above [`MAX_CELL_CHARS`] characters or a table
/// beyond a sheet's rows; [`Error::Write`] when the writer refuses.
pub fn tables_to_xlsx(t: &Tables) -> Result<Vec<u8>> {
    let names = sheet_names(t);
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    {
        let ws = wb.add_worksheet();
        ws.set_name(ABOUT_SHEET).map_err(Error::write)?;
        ws.write_string_with_format(0, 0, text(&format!("{} {}", t.zh, t.en))?, &bold).map_err(Error::write)?;
        let mut r = 2;
        for (k, v) in &t.meta {
            ws.write_string(r, 0, text(k)?).map_err(Error::write)?;
            ws.write_string(r, 1, text(v)?).map_err(Error::write)?;
            r += 1;
        }
        r += 1;
        ws.write_string_with_format(r, 0, "工作表 Sheets", &bold).map_err(Error::write)?;
        r += 1;
        for (table, name) in t.tables.iter().zip(names.iter().skip(1)) {
            ws.write_string(r, 0, text(name)?).map_err(Error::write)?;
            ws.write_string(r, 1, text(&format!("{} {}", table.zh, table.en))?).map_err(Error::write)?;
            r += 1;
        }
        r += 1;
        ws.write_string(r, 0, "Figures are numbers showing their exact decimal places; a figure no floating-point number holds exactly is kept as text with a note. 数值按精确小数位显示；无法精确表示的金额以文本保存并加批注。").map_err(Error::write)?;
        ws.set_column_width(0, 36).map_err(Error::write)?;
        ws.set_column_width(1, 48).map_err(Error::write)?;
    }
    for (table, name) in t.tables.iter().zip(names.iter().skip(1)) {
        let ws = wb.add_worksheet();
        ws.set_name(name).map_err(Error::write)?;
        write_table(ws, table)?;
    }
    wb.save_to_buffer().map_err(Error::write)
}

/// A disclosure (the fee list 收费公示, the annual operating report 年度经营情况报告, a
/// periodic review 定期评估, a periodic report, the authorization disclosure) as .xlsx bytes.
pub fn disclosure_to_xlsx<D: Disclose>(d: &D) -> Result<Vec<u8>> {
    tables_to_xlsx(&d.tables())
}

/// The working papers (底稿) as tables: one table `working_papers`, one row per input of each
/// explanation (an explanation without inputs has one row). The id is on every row (so the
/// sheet filters by it); title, formula, result, rounding and notes are on the explanation's
/// first row. Values and results are the explanation's own text, written by the number rule.
pub fn working_paper_tables(wp: &WorkingPaper) -> Tables {
    let mut t = Table::new("working_papers", "Working papers", "底稿")
        .text("id", "Id", "编号")
        .text("title", "Figure", "项目")
        .text("formula", "Formula", "公式")
        .text("input", "Input", "输入项")
        .num("value", "Input value", "输入值")
        .num("result", "Result", "结果")
        .text("rounding", "Rounding", "舍入")
        .text("notes", "Notes", "说明");
    for e in &wp.items {
        let first = |i: usize, s: &str| if i == 0 { s.to_string() } else { String::new() };
        if e.inputs.is_empty() {
            t.push(vec![
                e.id.clone(),
                e.title.clone(),
                e.formula.clone(),
                String::new(),
                String::new(),
                e.result.clone(),
                e.rounding.clone().unwrap_or_default(),
                e.notes.join("; "),
            ]);
        }
        for (i, inp) in e.inputs.iter().enumerate() {
            t.push(vec![
                e.id.clone(),
                first(i, &e.title),
                first(i, &e.formula),
                inp.name.clone(),
                inp.value.clone(),
                first(i, &e.result),
                first(i, e.rounding.as_deref().unwrap_or("")),
                first(i, &e.notes.join("; ")),
            ]);
        }
    }
    Tables { en: wp.title.clone(), zh: "底稿".into(), meta: vec![("Explanations 底稿条数".into(), wp.items.len().to_string())], tables: vec![t] }
}

/// The working papers (底稿) as .xlsx bytes ([`working_paper_tables`]).
pub fn working_paper_to_xlsx(wp: &WorkingPaper) -> Result<Vec<u8>> {
    tables_to_xlsx(&working_paper_tables(wp))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_rule() {
        assert_eq!(exact_number("0"), Some((0.0, 0)));
        assert_eq!(exact_number("-12.50"), Some((-12.5, 2)));
        assert_eq!(exact_number("0.30"), Some((0.3, 2)));
        assert_eq!(exact_number("9007199254740992"), Some((9_007_199_254_740_992.0, 0)));
        assert_eq!(exact_number("9007199254740993"), None);
        assert_eq!(exact_number("0.1000000000000000055511151231"), None);
        assert_eq!(exact_number("1e3"), None);
        assert_eq!(exact_number(" 1"), None);
        assert_eq!(exact_number("1_000"), None);
        assert_eq!(number_format(0), "0");
        assert_eq!(number_format(4), "0.0000");
    }

    #[test]
    fn sheet_names_follow_excel_rules() {
        let taken = vec!["说明 about".to_string()];
        assert_eq!(sheet_name("收费公示", "fee_list", &taken), "收费公示 fee_list");
        let long = sheet_name("下期上限收费标准建议", "proposed_caps_for_the_next_period", &taken);
        assert_eq!(long.chars().count(), 31);
        assert_eq!(sheet_name("a/b", "c?", &taken), "a_b c_");
        let taken = vec!["x y".to_string()];
        assert_eq!(sheet_name("x", "y", &taken), "x y~2");
    }
}
