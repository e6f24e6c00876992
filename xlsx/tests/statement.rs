//! The allocation statement (收益分配账单) as .xlsx, read back with calamine cell for cell.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use datafee::disclosure::Disclose;
use datafee::sharing::statement::{statement, Statement, StatementInput};
use datafee_xlsx::export::{exact_number, ABOUT_SHEET};
use datafee_xlsx::statement_to_xlsx;
use serde_json::json;

fn settled() -> Statement {
    let p08 = json!({"product": "p08", "revenue": "1000.00", "tax_basis": "vat_exclusive", "vat_rate": "0.06", "surcharge_rate": "0.12",
        "layer1": [{"id": "bureau", "name": "市数据资源局 city bureau", "ratio": "0.10", "treasury": "city"},
                   {"id": "court", "name": "市法院 court", "ratio": "0.05", "treasury": "province"},
                   {"id": "taxb", "name": "市税务局 tax bureau", "ratio": "0.05", "treasury": "central"}],
        "layer2": {"parties": [{"id": "op", "kind": "operator", "recognised_cost": "300.00", "ratio": "0.6"},
                               {"id": "pt", "kind": "partner", "recognised_cost": "100.00", "ratio": "0.4"}],
                   "operator_profit": {"rule": "fixed", "value": "20.00"}, "method": "fixed_ratios"}});
    let input: StatementInput = datafee::doc::from_value(json!({
        "period": {"from": "2026-01-01", "to": "2026-03-31"},
        "sharing": {"settlement": {"period": {"from": "2026-01-01", "to": "2026-03-31"},
            "products": [{"sharing": p08, "collected": "800.00"}],
            "schedule": {"treasury": {"city": "2026-04-15", "province": "2026-04-20", "central": "2026-04-20"}, "parties": "2026-04-30"}}},
        "in_kind": [{"unit": "bureau", "kind": "technology", "description": "=HYPERLINK(\"x\") 数据治理平台", "basis": "market_price",
                     "amount": "30.00", "date": "2026-02-15", "reference": "合同 2026-017"}]}))
    .expect("input");
    statement(&input).expect("statement")
}

fn shown(d: &Data) -> String {
    match d {
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("unexpected cell {other:?}"),
    }
}

#[test]
fn the_statement_reads_back_cell_for_cell() {
    let st = settled();
    let tables = st.tables();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(statement_to_xlsx(&st).expect("xlsx"))).expect("a workbook");
    let names = wb.sheet_names();
    assert_eq!(names.len(), tables.tables.len() + 1);
    assert_eq!(names[0], ABOUT_SHEET);
    assert_eq!(names[1], "收益分配账单 statement_parties");
    for (t, name) in tables.tables.iter().zip(names.iter().skip(1)) {
        let r = wb.worksheet_range(name).expect("sheet");
        for (c, col) in t.columns.iter().enumerate() {
            assert_eq!(shown(r.get_value((0, c as u32)).expect("heading")), format!("{} {}", col.zh, col.en));
        }
        for (i, row) in t.rows.iter().enumerate() {
            for (c, (cell, col)) in row.iter().zip(&t.columns).enumerate() {
                let got = r.get_value((i as u32 + 1, c as u32)).cloned().unwrap_or(Data::Empty);
                match (col.numeric, exact_number(cell)) {
                    (true, Some((f, _))) => assert_eq!(got, Data::Float(f), "{name} row {i} {}", col.key),
                    _ => assert_eq!(shown(&got), *cell, "{name} row {i} {}", col.key),
                }
            }
        }
    }
    // The city bureau: share 79.43, 30.00 of support set against it, 49.43 to the city treasury.
    let r = wb.worksheet_range("收益分配账单 statement_parties").expect("sheet");
    assert_eq!(shown(r.get_value((1, 0)).expect("party")), "bureau");
    assert_eq!(r.get_value((1, 8)), Some(&Data::Float(79.43)));
    assert_eq!(r.get_value((1, 9)), Some(&Data::Float(30.0)));
    assert_eq!(r.get_value((1, 10)), Some(&Data::Float(49.43)));
    assert_eq!(shown(r.get_value((1, 11)).expect("paid to")), "city treasury 市级国库");
    // A formula-looking description stays text.
    let s = wb.worksheet_range("数据激励 实物支持估值 in_kind_support").expect("sheet");
    assert!(shown(s.get_value((1, 2)).expect("description")).starts_with("=HYPERLINK"));
}
