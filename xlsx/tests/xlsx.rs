//! The spreadsheets against the example city: each export read back with calamine, each import
//! round-tripped, each refusal typed and placed.

use std::io::Cursor;
use std::path::PathBuf;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use datafee::disclosure::{annual_report, fee_list, AnnualInput, Disclose, Table, Tables};
use datafee::lifecycle::Lifecycle;
use datafee::review::ActualLine;
use datafee::scenario::{ChainResult, ScenarioDoc};
use datafee_xlsx::export::{exact_number, ABOUT_SHEET};
use datafee_xlsx::import::{approvals_to_xlsx, assets_to_xlsx, forecasts_to_xlsx, ledger_to_xlsx};
use datafee_xlsx::{import_approvals, import_assets, import_forecasts, import_ledger, Error, Input};
use rust_xlsxwriter::Workbook;

fn city() -> (ScenarioDoc, ChainResult) {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/city/scenario.toml");
    let doc = ScenarioDoc::from_toml(&std::fs::read_to_string(p).expect("scenario")).expect("parse");
    let chain = datafee::scenario::run(&doc).expect("run");
    (doc, chain)
}

fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes)).expect("a workbook")
}

fn sheet(wb: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Range<Data> {
    wb.worksheet_range(name).unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

/// What a reader gets for a table cell: the number's shortest decimal, or the text.
fn shown(d: &Data) -> String {
    match d {
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("unexpected cell {other:?}"),
    }
}

/// Every cell of every table against the workbook: headings `中文 English`, figures as
/// numbers equal to the table's decimal, text unchanged.
fn assert_tables(tables: &Tables, bytes: Vec<u8>) {
    let mut wb = open(bytes);
    let names = wb.sheet_names();
    assert_eq!(names.len(), tables.tables.len() + 1);
    assert_eq!(names[0], ABOUT_SHEET);
    let about = sheet(&mut wb, ABOUT_SHEET);
    assert_eq!(shown(about.get_value((0, 0)).expect("title")), format!("{} {}", tables.zh, tables.en));
    for (t, name) in tables.tables.iter().zip(names.iter().skip(1)) {
        assert!(name.starts_with(&t.zh.chars().take(10).collect::<String>()), "{name} for {}", t.zh);
        let r = sheet(&mut wb, name);
        for (c, col) in t.columns.iter().enumerate() {
            assert_eq!(shown(r.get_value((0, c as u32)).expect("heading")), format!("{} {}", col.zh, col.en));
        }
        for (i, row) in t.rows.iter().enumerate() {
            for (c, (cell, col)) in row.iter().zip(&t.columns).enumerate() {
                let got = r.get_value((i as u32 + 1, c as u32)).cloned().unwrap_or(Data::Empty);
                match (col.numeric, exact_number(cell)) {
                    (true, Some((f, _))) => {
                        assert_eq!(got, Data::Float(f), "{name} row {i} {}", col.key);
                        let back: rust_decimal::Decimal = shown(&got).parse().expect("decimal");
                        assert_eq!(back, cell.parse::<rust_decimal::Decimal>().expect("decimal"));
                    }
                    _ => assert_eq!(shown(&got), *cell, "{name} row {i} {}", col.key),
                }
            }
        }
    }
}

#[test]
fn the_fee_list_reads_back_cell_for_cell() {
    let (doc, chain) = city();
    let list = fee_list(&doc, &chain, 2026).expect("fee list");
    let tables = list.tables();
    let bytes = datafee_xlsx::disclosure_to_xlsx(&list).expect("xlsx");
    assert!(bytes.starts_with(b"PK"));
    assert_tables(&tables, bytes.clone());
    // A paid row's cap is a number equal to the core's cap, a free row's cap is empty.
    let mut wb = open(bytes);
    let r = sheet(&mut wb, "收费标准 fee_list");
    assert_eq!(shown(r.get_value((0, 9)).expect("cap heading")), "上限收费标准 Cap per unit");
    let paid = list.rows.iter().position(|r| r.cap.is_some()).expect("a paid row");
    let cap = list.rows[paid].cap.expect("cap").to_string();
    match r.get_value((paid as u32 + 1, 9)) {
        Some(Data::Float(f)) => assert_eq!(format!("{f}").parse::<rust_decimal::Decimal>().expect("dec"), cap.parse::<rust_decimal::Decimal>().expect("dec")),
        other => panic!("cap cell {other:?}"),
    }
    let free = list.rows.iter().position(|r| r.free).expect("a free row");
    assert!(matches!(r.get_value((free as u32 + 1, 9)), None | Some(Data::Empty)));
}

#[test]
fn the_annual_report_has_one_sheet_per_table() {
    let (doc, chain) = city();
    let actual: Vec<ActualLine> = serde_json::from_str(r#"[{"product": "p01", "scenario": "finance", "volume": "1000", "revenue": "950.00"}]"#).expect("lines");
    let report = annual_report(&doc, &chain, &AnnualInput { year: 2026, actual, shares: Vec::new() }).expect("report");
    let tables = report.tables();
    let bytes = datafee_xlsx::disclosure_to_xlsx(&report).expect("xlsx");
    assert_tables(&tables, bytes.clone());
    let mut wb = open(bytes);
    let names = wb.sheet_names();
    assert!(names.contains(&"经营概况 overview".to_string()), "{names:?}");
    let o = sheet(&mut wb, "经营概况 overview");
    let rev = (0..o.height() as u32).find(|&i| shown(o.get_value((i, 0)).expect("item")) == "Actual revenue 实际收费收入").expect("revenue row");
    assert_eq!(o.get_value((rev, 1)), Some(&Data::Float(950.0)));
    // The evaluation (年度评估) is the second table, its result in the note under the criteria.
    assert_eq!(names[2], "年度评估 evaluation");
    let ev = sheet(&mut wb, "年度评估 evaluation");
    assert_eq!(ev.get_value((0, 0)), Some(&Data::String("评估项目 Criterion".into())));
    let note = format!("Result 评估结果: {}", report.evaluation.label);
    assert!((0..ev.height() as u32).any(|i| ev.get_value((i, 0)) == Some(&Data::String(note.clone()))), "{note}");
}

#[test]
fn the_working_papers_keep_every_input() {
    let (_, chain) = city();
    let wp = chain.working_paper("mpr.2026");
    assert!(!wp.items.is_empty());
    let tables = datafee_xlsx::export::working_paper_tables(&wp);
    let inputs: usize = wp.items.iter().map(|e| e.inputs.len().max(1)).sum();
    assert_eq!(tables.tables[0].rows.len(), inputs);
    let bytes = datafee_xlsx::working_paper_to_xlsx(&wp).expect("xlsx");
    assert_tables(&tables, bytes.clone());
    let mut wb = open(bytes);
    let r = sheet(&mut wb, "底稿 working_papers");
    assert_eq!(shown(r.get_value((1, 0)).expect("id")), wp.items[0].id);
    assert_eq!(shown(r.get_value((0, 2)).expect("heading")), "公式 Formula");
}

#[test]
fn an_inexact_figure_stays_text_and_a_formula_stays_text() {
    let mut t = Table::new("t", "T", "表").text("name", "Name", "名称").num("amount", "Amount", "金额");
    t.push(vec!["=1+1".into(), "12345678901234567.89".into()]);
    t.push(vec!["hidden\u{202e}".into(), "0.10".into()]);
    t.push(vec!["free".into(), "free 免费".into()]);
    let tables = Tables { en: "x".into(), zh: "样".into(), meta: vec![], tables: vec![t] };
    let bytes = datafee_xlsx::tables_to_xlsx(&tables).expect("xlsx");
    let mut wb = open(bytes.clone());
    let r = sheet(&mut wb, "表 t");
    assert_eq!(r.get_value((1, 0)), Some(&Data::String("=1+1".into())));
    assert_eq!(r.get_value((1, 1)), Some(&Data::String("12345678901234567.89".into())));
    assert_eq!(r.get_value((2, 0)), Some(&Data::String("hidden\u{fffd}".into())));
    assert_eq!(r.get_value((2, 1)), Some(&Data::Float(0.1)));
    assert_eq!(r.get_value((3, 1)), Some(&Data::String("free 免费".into())));
    // The note on the inexact figure is a comments part of the package (zip entry names are
    // stored as they are); a workbook of exact figures only has none.
    let has_comments = |b: &[u8]| b.windows(b"xl/comments1.xml".len()).any(|w| w == b"xl/comments1.xml");
    assert!(has_comments(&bytes), "a note is written");
    let mut exact = Table::new("t", "T", "表").num("amount", "Amount", "金额");
    exact.push(vec!["12.50".into()]);
    let plain = datafee_xlsx::tables_to_xlsx(&Tables { en: "x".into(), zh: "样".into(), meta: vec![], tables: vec![exact] }).expect("xlsx");
    assert!(!has_comments(&plain));
    // A cell above Excel's 32,767 characters is refused, not cut.
    let mut long = Table::new("t", "T", "表").text("name", "Name", "名称");
    long.push(vec!["x".repeat(datafee_xlsx::MAX_CELL_CHARS + 1)]);
    let e = datafee_xlsx::tables_to_xlsx(&Tables { en: "x".into(), zh: "样".into(), meta: vec![], tables: vec![long] }).unwrap_err();
    assert_eq!(e.code(), "limit_exceeded");
}

#[test]
fn the_review_exports_like_the_other_disclosures() {
    let (doc, chain) = city();
    let actual: Vec<ActualLine> = serde_json::from_str(r#"[{"product": "p01", "scenario": "finance", "volume": "1000", "revenue": "950.00"}]"#).expect("lines");
    let input = datafee::review::ReviewInput::from_chain(&doc, &chain, 2026, actual).expect("input");
    let review = datafee::review::review(&input).expect("review");
    assert_tables(&review.tables(), datafee_xlsx::disclosure_to_xlsx(&review).expect("xlsx"));
}

fn xlsx_input(bytes: &[u8]) -> Input<'_> {
    Input::Xlsx { bytes, sheet: None }
}

#[test]
fn the_ledger_assets_and_forecasts_round_trip() {
    let (doc, _) = city();
    let ledger = &doc.costs.ledger;
    assert!(ledger.entries.len() > 5);
    let bytes = ledger_to_xlsx(ledger).expect("xlsx");
    assert_eq!(&import_ledger(xlsx_input(&bytes)).expect("import"), ledger);
    let assets = &doc.costs.assets.0;
    let bytes = assets_to_xlsx(assets).expect("xlsx");
    assert_eq!(&import_assets(xlsx_input(&bytes)).expect("import"), assets);
    let bytes = forecasts_to_xlsx(&doc.forecasts).expect("xlsx");
    assert_eq!(import_forecasts(xlsx_input(&bytes)).expect("import"), doc.forecasts);
    // The ledger's amounts are numbers in the sheet, headed as the crate reads them back.
    let mut wb = open(ledger_to_xlsx(ledger).expect("xlsx"));
    let r = sheet(&mut wb, "成本台账 ledger");
    assert_eq!(shown(r.get_value((0, 6)).expect("heading")), "金额 Amount");
    assert!(matches!(r.get_value((1, 6)), Some(Data::Float(_))));
}

#[test]
fn the_city_approvals_round_trip() {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/city/lifecycle.toml");
    let lc: Lifecycle = datafee::doc::from_toml(&std::fs::read_to_string(p).expect("lifecycle")).expect("parse");
    let approvals = lc.approvals.expect("approvals");
    let bytes = approvals_to_xlsx(&approvals).expect("xlsx");
    assert_eq!(import_approvals(xlsx_input(&bytes)).expect("import"), approvals);
}

#[test]
fn csv_imports_with_chinese_headings_and_a_bom() {
    let csv = "\u{feff}成本科目,年度,产品,金额 Amount,政府补助\npersonnel,2026,p1,1000.00,\n\n运维占位,,,,\n";
    // The third record is a typo in a category: refused at its cell.
    let e = import_ledger(Input::Csv { bytes: csv.as_bytes(), name: "l.csv" }).unwrap_err();
    assert_eq!(e.code(), "bad_cell");
    assert!(e.to_string().starts_with("sheet \"l.csv\", cell A4: \"运维占位\" is not a cost category"), "{e}");
    let csv = "成本科目,年度,产品,金额 Amount\npersonnel,2026,p1,1000.00\n";
    let l = import_ledger(Input::Csv { bytes: csv.as_bytes(), name: "l.csv" }).expect("import");
    assert_eq!(l.entries[0].amount.to_string(), "1000.00");
    assert_eq!(l.entries[0].year, 2026);
}

/// A workbook with one sheet of the given rows (strings; `#n` a number, `#d` a date).
fn book(sheet: &str, rows: &[&[&str]]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).expect("name");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if let Some(n) = cell.strip_prefix("#n") {
                ws.write_number(r as u32, c as u16, n.parse::<f64>().expect("f64")).expect("write");
            } else if !cell.is_empty() {
                ws.write_string(r as u32, c as u16, *cell).expect("write");
            }
        }
    }
    wb.save_to_buffer().expect("save")
}

const HEAD: &[&str] = &["成本科目 Category", "年度 Year", "产品 Product", "金额 Amount", "政府补助 Subsidy"];

fn ledger_err(rows: &[&[&str]]) -> Error {
    let bytes = book("成本台账 ledger", rows);
    import_ledger(xlsx_input(&bytes)).unwrap_err()
}

#[test]
fn numbers_in_cells_import_as_their_shortest_decimal() {
    let bytes = book("成本台账 ledger", &[HEAD, &["personnel", "#n2026", "p1", "#n1234.5", "#n0.1"]]);
    let l = import_ledger(xlsx_input(&bytes)).expect("import");
    assert_eq!(l.entries[0].amount.to_string(), "1234.5");
    assert_eq!(l.entries[0].subsidy.to_string(), "0.1");
}

#[test]
fn a_text_where_a_decimal_belongs_names_the_cell() {
    let mut rows: Vec<&[&str]> = vec![HEAD];
    for _ in 0..5 {
        rows.push(&["personnel", "#n2026", "p1", "#n10", ""]);
    }
    rows.push(&["personnel", "#n2026", "p1", "abc", ""]);
    let e = ledger_err(&rows);
    assert_eq!(e.to_string(), "sheet \"成本台账 ledger\", cell D7: \"abc\" is not a decimal");
    let core: datafee::Error = e.into();
    assert_eq!((core.code(), core.field()), ("malformed_decimal", "sheet \"成本台账 ledger\"!D7"));
}

#[test]
fn each_bad_input_is_typed() {
    // A missing required column.
    let e = ledger_err(&[&["成本科目", "年度", "产品"], &["personnel", "2026", "p1"]]);
    assert!(matches!(&e, Error::MissingColumn { column, .. } if column == "amount"), "{e}");
    // An empty sheet, and one with a header only.
    let e = ledger_err(&[]);
    assert!(matches!(&e, Error::EmptySheet { reason, .. } if reason == "no header row"), "{e}");
    let e = ledger_err(&[HEAD]);
    assert_eq!(e.code(), "empty_sheet");
    // A year with a fraction; a required cell left empty.
    let e = ledger_err(&[HEAD, &["personnel", "#n2026.5", "p1", "1", ""]]);
    assert_eq!(e.to_string(), "sheet \"成本台账 ledger\", cell B2: \"2026.5\" is not a year");
    let e = ledger_err(&[HEAD, &["personnel", "2026", "p1", "", ""]]);
    assert!(matches!(&e, Error::EmptyCell { column, .. } if column == "amount"), "{e}");
    // An unknown and a duplicate heading.
    let e = ledger_err(&[&["成本科目", "年度", "amount", "colour"], &["personnel", "2026", "1"]]);
    assert!(matches!(&e, Error::BadHeader { place, .. } if place.cell.as_deref() == Some("D1")), "{e}");
    let e = ledger_err(&[&["成本科目", "年度", "amount", "金额"], &["personnel", "2026", "1", "2"]]);
    assert!(e.to_string().contains("duplicate column"), "{e}");
    // The core's own refusal, at the cell of its field: a subsidy above the amount.
    let e = ledger_err(&[HEAD, &["personnel", "2026", "p1", "10.00", "20.00"]]);
    assert!(matches!(&e, Error::Refused { place, source } if place.cell.as_deref() == Some("E2") && source.code() == "out_of_range"), "{e}");
    // A sheet that is not there.
    let bytes = book("成本台账 ledger", &[HEAD]);
    let e = import_ledger(Input::Xlsx { bytes: &bytes, sheet: Some("nope") }).unwrap_err();
    assert!(matches!(&e, Error::SheetNotFound { available, .. } if available == "成本台账 ledger"), "{e}");
    // Not a workbook at all.
    let e = import_ledger(xlsx_input(b"not a zip")).unwrap_err();
    assert_eq!(e.code(), "read");
}

#[test]
fn dates_and_months_that_do_not_exist_are_refused() {
    let head: &[&str] = &["使用方", "产品", "应用场景", "起始日期", "终止日期"];
    let bytes = book("场景授权 approvals", &[head, &["c1", "p1", "s1", "2026-02-30", "2026-12-31"]]);
    let e = import_approvals(xlsx_input(&bytes)).unwrap_err();
    assert!(matches!(&e, Error::BadDate { place, .. } if place.cell.as_deref() == Some("D2")), "{e}");
    let bytes = book("场景授权 approvals", &[head, &["c1", "p1", "s1", "soon", "2026-12-31"]]);
    assert_eq!(import_approvals(xlsx_input(&bytes)).unwrap_err().code(), "bad_cell");
    let bytes = book("场景授权 approvals", &[head, &["c1", "p1", "s1", "2026-12-31", "2026-01-01"]]);
    let e = import_approvals(xlsx_input(&bytes)).unwrap_err();
    assert!(matches!(&e, Error::Refused { place, .. } if place.cell.as_deref() == Some("E2")), "{e}");
    let csv = "id,kind,cost,life_months,in_service\na1,fixed,100.00,36,2026-13\n";
    let e = import_assets(Input::Csv { bytes: csv.as_bytes(), name: "a.csv" }).unwrap_err();
    assert!(matches!(&e, Error::BadDate { place, .. } if place.cell.as_deref() == Some("E2")), "{e}");
}

#[test]
fn sizes_beyond_the_limits_are_refused() {
    let big = vec![b' '; datafee_xlsx::MAX_FILE_BYTES as usize + 1];
    let e = import_ledger(Input::Csv { bytes: &big, name: "big.csv" }).unwrap_err();
    assert_eq!(e.code(), "limit_exceeded");
    let mut csv = String::from("category,year,product,amount\n");
    for _ in 0..=datafee_xlsx::MAX_ROWS {
        csv.push_str("personnel,2026,p1,1\n");
    }
    let e = import_ledger(Input::Csv { bytes: csv.as_bytes(), name: "rows.csv" }).unwrap_err();
    assert!(matches!(&e, Error::TooLarge { what, .. } if what.contains("rows")), "{e}");
    let wide: Vec<String> = (0..=datafee_xlsx::MAX_COLUMNS).map(|i| format!("c{i}")).collect();
    let e = import_ledger(Input::Csv { bytes: wide.join(",").as_bytes(), name: "wide.csv" }).unwrap_err();
    assert!(matches!(&e, Error::TooLarge { what, .. } if what.contains("columns")), "{e}");
}
