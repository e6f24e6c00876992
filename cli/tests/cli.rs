//! End-to-end tests of the `datafee` binary: the example city and the fixtures under
//! `tests/fixtures/`, checked against the core's own operations.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

fn city() -> PathBuf {
    root().join("../examples/city/scenario.toml")
}

fn datafee<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_datafee")).args(args).output().expect("run datafee")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A fresh output directory under the target's temporary directory.
fn out_dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("datafee-cli").join(name);
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// The fixture records as the `rating.rate` operation takes them (the CSV has no quoted fields).
fn fixture_records() -> Vec<Value> {
    let csv = std::fs::read_to_string(fixture("usage.csv")).expect("usage.csv");
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    lines
        .map(|l| {
            let m: serde_json::Map<String, Value> = header.iter().zip(l.split(',')).map(|(k, v)| (k.to_string(), json!(v))).collect();
            Value::Object(m)
        })
        .collect()
}

fn core_rating() -> Value {
    let tariff: Value = serde_json::from_str(&std::fs::read_to_string(fixture("tariff.json")).expect("tariff")).expect("tariff json");
    datafee::api::call("rating.rate", json!({ "tariff": tariff, "records": fixture_records() })).expect("rating.rate")
}

#[test]
fn ops_lists_the_operations() {
    let o = datafee(["ops"]);
    assert!(o.status.success());
    let listed: Vec<String> = text(&o.stdout).lines().map(str::to_string).collect();
    let core: Vec<String> = datafee::api::operations().into_iter().map(str::to_string).collect();
    assert_eq!(listed, core);
}

#[test]
fn call_runs_an_operation() {
    let o = datafee(["call".as_ref(), "money.round".as_ref(), fixture("round.json").as_os_str()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["result"], "2.35");
    let o = datafee(["call".as_ref(), "no.such".as_ref(), fixture("round.json").as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("unknown_operation"), "{}", text(&o.stderr));
}

#[test]
fn run_prints_the_chain_of_the_example_city() {
    let chain = datafee::api::call("chain.run", json!({ "toml": std::fs::read_to_string(city()).expect("city") })).expect("chain.run");
    let o = datafee(["run".as_ref(), city().as_os_str()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("MAXIMUM PERMITTED REVENUE 最高准许收入"), "{out}");
    let total = chain["mpr"]["total"].as_str().expect("total");
    assert!(out.contains(total), "the MPR total {total} is printed");
    assert!(out.contains("BREAKS the cap"), "p04 breaks its cap in the example");

    let o = datafee(["run".as_ref(), city().as_os_str(), "--format".as_ref(), "json".as_ref()]);
    assert!(o.status.success());
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["mpr"]["total"], chain["mpr"]["total"]);
    assert_eq!(v["fees"], chain["fees"]);

    let o = datafee(["run".as_ref(), city().as_os_str(), "-f".as_ref(), "md".as_ref(), "--year".as_ref(), "2027".as_ref()]);
    assert!(o.status.success());
    let md = text(&o.stdout);
    assert!(md.starts_with("# Public fee list 收费公示") && md.contains("2027"), "{md}");
    let o = datafee(["run".as_ref(), city().as_os_str(), "-f".as_ref(), "html".as_ref()]);
    assert!(text(&o.stdout).starts_with("<!DOCTYPE html>"));
    let o = datafee(["run".as_ref(), city().as_os_str(), "-f".as_ref(), "csv".as_ref()]);
    assert!(o.status.success());
    let csv = text(&o.stdout);
    assert!(csv.starts_with("product,product_name,scenario,") && csv.contains("p01,"), "{csv}");

    let o = datafee(["run".as_ref(), city().as_os_str(), "--year".as_ref(), "1999".as_ref()]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("scenario.toml") && err.contains("1999"), "{err}");
}

#[test]
fn run_says_the_scope_the_profile_puts_in_the_mpr() {
    // The text report's MPR header and scope lines follow `free_cost_recovery`, and the caps line
    // shows the requirement beside the MPR (they differ under budget_funded).
    let city_toml = std::fs::read_to_string(city()).expect("city");
    let dir = out_dir("run-scope");
    std::fs::create_dir_all(&dir).expect("dir");
    for (option, header) in [("from_paid", "CROSS-SUBSIDY"), ("budget_funded", "legacy budget_funded")] {
        let toml = city_toml.replacen("[profile]\n", &format!("[profile]\nfree_cost_recovery = \"{option}\"\n"), 1);
        assert_ne!(toml, city_toml, "the example has a [profile] table");
        let path = dir.join(format!("{option}.toml"));
        std::fs::write(&path, &toml).expect("write");
        let chain = datafee::api::call("chain.run", json!({ "toml": toml })).expect("chain.run");
        let o = datafee(["run".as_ref(), path.as_os_str()]);
        assert!(o.status.success(), "{}", text(&o.stderr));
        let out = text(&o.stdout);
        assert!(out.contains(header) && !out.contains("chargeable use only") && !out.contains("(in the MPR) +"), "{option}: {out}");
        let (mpr, requirement) = (chain["mpr"]["total"].as_str().expect("total"), chain["caps_period"]["requirement"].as_str().expect("requirement"));
        assert!(out.contains(&format!("Σ requirement {requirement} (Σ MPR {mpr})")), "{option}: {out}");
        assert_eq!(option == "budget_funded", mpr != requirement, "{option}: the requirement is the MPR less the free uses' cost only under budget_funded");
    }
}

#[test]
fn run_names_a_missing_or_malformed_file() {
    let o = datafee(["run", "/no/such/scenario.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("/no/such/scenario.toml"));
    let o = datafee(["run".as_ref(), fixture("usage.csv").as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("usage.csv"), "{}", text(&o.stderr));
}

#[test]
fn rate_matches_the_rating_operation() {
    let core = core_rating();
    let dir = out_dir("rate-csv");
    let o = datafee([
        "rate".as_ref(),
        "--tariff".as_ref(),
        fixture("tariff.json").as_os_str(),
        fixture("usage.csv").as_os_str(),
        "--out".as_ref(),
        dir.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(err.contains("15 records in, 8 rated (6 charged, 2 free), 7 rejected"), "{err}");
    assert!(err.contains("rejected duplicate_id: 1"), "{err}");

    let summary: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).expect("summary")).expect("json");
    for k in ["records_in", "rated", "charged", "free", "rejected", "rejections_by_reason", "totals", "products", "period"] {
        assert_eq!(summary[k], core[k], "{k}");
    }

    // invoices.csv: one row per invoice, the same figures as the operation's.
    let invoices = std::fs::read_to_string(dir.join("invoices.csv")).expect("invoices");
    let rows: Vec<Vec<&str>> = invoices.lines().skip(1).map(|l| l.split(',').collect()).collect();
    let core_invoices = core["invoices"].as_array().expect("invoices");
    assert_eq!(rows.len(), core_invoices.len());
    for (row, inv) in rows.iter().zip(core_invoices) {
        assert_eq!(row[0], inv["customer"]);
        assert_eq!(row[2], inv["lines_total"]);
        assert_eq!(row[3], inv["subtotal"]);
        assert_eq!(row[5], inv["vat"]);
        assert_eq!(row[6], inv["total"]);
    }
    // invoice_lines.csv: line by line the figures of the operation's invoices.
    let mut rdr = csv::Reader::from_path(dir.join("invoice_lines.csv")).expect("lines");
    let header = rdr.headers().expect("header").clone();
    let rows: Vec<csv::StringRecord> = rdr.records().collect::<Result<_, _>>().expect("rows");
    let core_lines: Vec<(&Value, &Value)> =
        core_invoices.iter().flat_map(|i| i["lines"].as_array().into_iter().flatten().map(move |l| (&i["customer"], l))).collect();
    assert_eq!(rows.len(), core_lines.len());
    for (row, (customer, line)) in rows.iter().zip(&core_lines) {
        let cell = |k: &str| header.iter().position(|h| h == k).and_then(|i| row.get(i)).unwrap_or("").to_string();
        assert_eq!(cell("customer"), customer.as_str().unwrap_or(""));
        for k in ["product", "scenario", "quantity", "charge", "amount"] {
            assert_eq!(cell(k), line[k].as_str().unwrap_or(""), "{k}");
        }
        assert_eq!(cell("records"), line["records"].to_string());
        assert_eq!(cell("free"), line["free"].to_string());
    }

    // rejections.csv: every rejected record with its row (line of the file), id and reason.
    let rej = std::fs::read_to_string(dir.join("rejections.csv")).expect("rejections");
    let rej: Vec<&str> = rej.lines().collect();
    assert_eq!(rej[0], "row,id,reason,value");
    assert_eq!(rej.len() as u64 - 1, core["rejected"].as_u64().expect("rejected"));
    assert!(rej.contains(&"10,r9,non_positive_quantity,0"), "{rej:?}");
    assert!(rej.contains(&"15,r1,conflicting_duplicate,r1"), "{rej:?}");
    let actual: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("actual_lines.json")).expect("actual")).expect("json");
    assert!(actual.as_array().is_some_and(|a| !a.is_empty()));
}

#[test]
fn jsonl_rates_as_csv() {
    let (a, b) = (out_dir("rate-a"), out_dir("rate-b"));
    for (usage, dir) in [("usage.csv", &a), ("usage.jsonl", &b)] {
        let o = datafee([
            "rate".as_ref(),
            "-t".as_ref(),
            fixture("tariff.json").as_os_str(),
            fixture(usage).as_os_str(),
            "-o".as_ref(),
            dir.as_os_str(),
            "--explain".as_ref(),
        ]);
        assert!(o.status.success(), "{}", text(&o.stderr));
    }
    for f in ["invoices.csv", "invoice_lines.csv", "actual_lines.json", "working_papers.txt"] {
        assert_eq!(std::fs::read(a.join(f)).expect("a"), std::fs::read(b.join(f)).expect("b"), "{f}");
    }
    let papers = std::fs::read_to_string(a.join("working_papers.txt")).expect("papers");
    assert!(papers.contains("上限收费标准"), "{papers}");

    // A later run into the same directory leaves nothing of the earlier one: no lines, no papers.
    let empty = a.join("header_only.csv");
    std::fs::write(&empty, "id,customer,product,scenario,quantity,time\n").expect("write");
    let o = datafee(["rate".as_ref(), "-t".as_ref(), fixture("tariff.json").as_os_str(), empty.as_os_str(), "-o".as_ref(), a.as_os_str()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(!a.join("invoice_lines.csv").exists() && !a.join("working_papers.txt").exists());
    assert_eq!(std::fs::read_to_string(a.join("invoices.csv")).expect("invoices").lines().count(), 1);
    let o = datafee(["rate".as_ref(), "-t".as_ref(), fixture("tariff.json").as_os_str(), fixture("bad_decimal.csv").as_os_str(), "-o".as_ref(), a.as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!a.join("summary.json").exists() && !a.join("invoices.csv").exists(), "a stopped run leaves no outputs");
}

#[test]
fn a_malformed_row_names_the_row_and_column() {
    let dir = out_dir("rate-bad");
    let rate =
        |usage: &str| datafee(["rate".as_ref(), "-t".as_ref(), fixture("tariff.json").as_os_str(), fixture(usage).as_os_str(), "-o".as_ref(), dir.as_os_str()]);
    let o = rate("bad_decimal.csv");
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("bad_decimal.csv: row 3, column quantity")
            && err.contains("malformed_decimal")
            && err.contains("12x")
            && err.contains("(record id \"r2\")"),
        "{err}"
    );
    assert!(!dir.join("rejections.csv.partial").exists() && !dir.join("summary.json").exists());

    let o = rate("bad_quantity.csv");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("bad_quantity.csv: row 3: [parse] 7 fields, expected 6"), "{}", text(&o.stderr));

    let o = rate("bad_header.csv");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("row 1, column quantiy"), "{}", text(&o.stderr));

    let o = rate("bad_time.jsonl");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("bad_time.jsonl: row 3, field time"), "{}", text(&o.stderr));
}

#[test]
fn a_line_above_one_mebibyte_is_refused() {
    let dir = out_dir("rate-long");
    std::fs::create_dir_all(&dir).expect("dir");
    let long = dir.join("long.csv");
    let name = "a".repeat(2 << 20);
    std::fs::write(&long, format!("id,customer,product,scenario,quantity,time\nr1,acme,credit,fin,1,2025-01-05\nr2,{name},credit,fin,1,2025-01-05\n"))
        .expect("write");
    let o = datafee(["rate".as_ref(), "-t".as_ref(), fixture("tariff.json").as_os_str(), long.as_os_str(), "-o".as_ref(), dir.as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("row 3: [limit_exceeded] a record longer than 1048576 bytes"), "{}", text(&o.stderr));
}

#[test]
fn check_fee_exits_one_on_a_fee_above_the_cap() {
    let o = datafee(["check-fee".as_ref(), "--scenario".as_ref(), city().as_os_str(), "--fee".as_ref(), fixture("fee_above_cap.json").as_os_str()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    // The cap of p01 in finance, as the chain computes it.
    let chain = datafee::api::call("chain.run", json!({ "toml": std::fs::read_to_string(city()).expect("city") })).expect("chain.run");
    let cap = chain["caps"][0]["lines"].as_array().expect("lines").iter().find(|l| l["product"] == "p01" && l["scenario"] == "finance").expect("p01")
        ["cap_quoted"]
        .as_str()
        .expect("cap")
        .to_string();
    assert!(out.contains("BREACH: p01/finance") && out.contains(&format!("field price: unit price 5.00 > cap {cap}")), "{out}");

    let o = datafee(["check-fee".as_ref(), "-s".as_ref(), city().as_os_str(), "-f".as_ref(), fixture("fee_within_cap.json").as_os_str(), "--json".as_ref()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["compliant"], true);
    assert_eq!(v["verdicts"].as_array().map(Vec::len), Some(2));
}

#[test]
fn the_tariff_of_a_year_rates() {
    let dir = out_dir("city-tariff");
    std::fs::create_dir_all(&dir).expect("dir");
    let o = datafee(["tariff".as_ref(), city().as_os_str(), "--year".as_ref(), "2026".as_ref()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let tariff = dir.join("tariff.json");
    std::fs::write(&tariff, &o.stdout).expect("write");
    let usage = dir.join("usage.csv");
    std::fs::write(&usage, "time,quantity,scenario,product,customer,id\n2026-03-01,100,finance,p01,bank,u1\n2026-03-02,7,governance,p04,city,u2\n")
        .expect("write");
    let o = datafee(["rate".as_ref(), "-t".as_ref(), tariff.as_os_str(), usage.as_os_str(), "-o".as_ref(), dir.as_os_str()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("2 records in, 2 rated (1 charged, 1 free), 0 rejected"), "{}", text(&o.stderr));
}

#[test]
fn share_and_report_wrap_the_operations() {
    let o = datafee(["share".as_ref(), "shapley".as_ref(), fixture("shapley.json").as_os_str()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    let rounded: Vec<&str> = v["values"].as_array().expect("values").iter().filter_map(|x| x["rounded"].as_str()).collect();
    assert_eq!(rounded, ["3.34", "8.33", "18.33"]);
    let o = datafee(["share".as_ref(), "nope".as_ref(), fixture("shapley.json").as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("sharing.shapley"), "the message lists the operations");

    // The annual report from the actual lines of a rating run.
    let dir = out_dir("report");
    std::fs::create_dir_all(&dir).expect("dir");
    let actual = dir.join("actual.json");
    std::fs::write(&actual, r#"[{"product": "p01", "scenario": "finance", "volume": "1000", "revenue": "950.00"}]"#).expect("write");
    let o = datafee(["report".as_ref(), "-s".as_ref(), city().as_os_str(), "-y".as_ref(), "2026".as_ref(), "-a".as_ref(), actual.as_os_str()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let md = text(&o.stdout);
    assert!(md.starts_with("# Annual operating report 年度经营情况报告") && md.contains("950.00"), "{md}");
    let o = datafee(["report".as_ref(), "-s".as_ref(), city().as_os_str(), "-y".as_ref(), "2026".as_ref(), "-a".as_ref(), fixture("round.json").as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn garbage_is_refused_without_a_panic() {
    let dir = out_dir("garbage");
    std::fs::create_dir_all(&dir).expect("dir");
    let mut junk: Vec<u8> = (0u32..20_000).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    junk.extend_from_slice(b"\n\"unterminated,\n");
    let cases: [(&str, &[u8]); 7] = [
        ("empty.csv", b""),
        ("junk.csv", &junk),
        ("junk.jsonl", &junk),
        ("quote.csv", b"id,customer,product,scenario,quantity,time\n\"r1,acme\n"),
        ("nul.csv", b"id,customer,product,scenario,quantity,time\nr1,\0,credit,fin,1,2025-01-05\n"),
        ("array.jsonl", b"[1,2,3]\n"),
        ("deep.jsonl", &[b'['; 100_000]),
    ];
    for (name, bytes) in cases {
        let usage = dir.join(name);
        std::fs::write(&usage, bytes).expect("write");
        let o = datafee(["rate".as_ref(), "-t".as_ref(), fixture("tariff.json").as_os_str(), usage.as_os_str(), "-o".as_ref(), dir.join("out").as_os_str()]);
        let err = text(&o.stderr);
        assert!(matches!(o.status.code(), Some(0 | 2)) && !err.contains("panicked"), "{name}: {:?} {err}", o.status.code());
        if o.status.code() == Some(2) {
            assert!(err.contains(name), "{name}: {err}");
        }
    }
    // A tariff that is not JSON, a scenario that is not TOML, an input from standard input.
    let o = datafee(["rate".as_ref(), "-t".as_ref(), fixture("usage.csv").as_os_str(), fixture("usage.csv").as_os_str(), "-o".as_ref(), dir.as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
    let mut child = Command::new(env!("CARGO_BIN_EXE_datafee"))
        .args(["call", "money.round", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write;
        child.stdin.take().expect("stdin").write_all(br#"{"value": "0.125"}"#).expect("write");
    }
    let o = child.wait_with_output().expect("wait");
    assert!(o.status.success());
    assert_eq!(serde_json::from_slice::<Value>(&o.stdout).expect("json")["result"], "0.13");
}

#[test]
fn export_xlsx_writes_the_fee_list_report_and_papers() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = out_dir("xlsx");
    std::fs::create_dir_all(&dir).expect("dir");
    let fees = dir.join("fees.xlsx");
    let o = datafee([
        "export-xlsx".as_ref(),
        "fee-list".as_ref(),
        "-s".as_ref(),
        city().as_os_str(),
        "-y".as_ref(),
        "2026".as_ref(),
        "-o".as_ref(),
        fees.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let mut wb: Xlsx<_> = open_workbook(&fees).expect("workbook");
    assert_eq!(wb.sheet_names(), ["说明 about", "收费标准 fee_list"]);
    let r = wb.worksheet_range("收费标准 fee_list").expect("sheet");
    assert_eq!(r.get_value((0, 9)), Some(&Data::String("上限收费标准 Cap per unit".into())));
    // The caps of the 15 paid products are numbers.
    let caps: Vec<f64> = r.rows().skip(1).filter_map(|row| if let Some(Data::Float(f)) = row.get(9) { Some(*f) } else { None }).collect();
    assert_eq!(caps.len(), 15, "the 15 paid products have a cap");

    let actual = dir.join("actual.json");
    std::fs::write(&actual, r#"[{"product": "p01", "scenario": "finance", "volume": "1000", "revenue": "950.00"}]"#).expect("write");
    let report = dir.join("report.xlsx");
    let o = datafee([
        "export-xlsx".as_ref(),
        "report".as_ref(),
        "-s".as_ref(),
        city().as_os_str(),
        "-y".as_ref(),
        "2026".as_ref(),
        "-a".as_ref(),
        actual.as_os_str(),
        "-o".as_ref(),
        report.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let wb: Xlsx<_> = open_workbook(&report).expect("workbook");
    assert!(wb.sheet_names().contains(&"经营概况 overview".to_string()), "{:?}", wb.sheet_names());
    // A report without its actual lines, and a year outside the period, are refused.
    let o = datafee(["export-xlsx".as_ref(), "report".as_ref(), "-s".as_ref(), city().as_os_str(), "-o".as_ref(), report.as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
    let o = datafee([
        "export-xlsx".as_ref(),
        "fee-list".as_ref(),
        "-s".as_ref(),
        city().as_os_str(),
        "-y".as_ref(),
        "1999".as_ref(),
        "-o".as_ref(),
        fees.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("[out_of_range] year"), "{}", text(&o.stderr));

    let papers = dir.join("papers.xlsx");
    let o = datafee([
        "export-xlsx".as_ref(),
        "papers".as_ref(),
        "-s".as_ref(),
        city().as_os_str(),
        "--prefix".as_ref(),
        "mpr.2026".as_ref(),
        "-o".as_ref(),
        papers.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let mut wb: Xlsx<_> = open_workbook(&papers).expect("workbook");
    let r = wb.worksheet_range("底稿 working_papers").expect("sheet");
    assert!(r.rows().skip(1).all(|row| matches!(row.first(), Some(Data::String(id)) if id.starts_with("mpr.2026"))));
    // An output that cannot be written: exit 3.
    let o = datafee(["export-xlsx".as_ref(), "papers".as_ref(), "-s".as_ref(), city().as_os_str(), "-o".as_ref(), dir.join("no/such/dir.xlsx").as_os_str()]);
    assert_eq!(o.status.code(), Some(3));
}

#[test]
fn import_prints_json_and_names_the_bad_cell() {
    let dir = out_dir("import");
    std::fs::create_dir_all(&dir).expect("dir");
    let good = dir.join("ledger.csv");
    std::fs::write(&good, "成本科目 Category,年度 Year,产品 Product,金额 Amount\npersonnel,2026,p01,1000.50\n").expect("write");
    let o = datafee(["import".as_ref(), "ledger".as_ref(), good.as_os_str()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["entries"][0], json!({"category": "personnel", "year": 2026, "product": "p01", "amount": "1000.50", "subsidy": "0"}));
    // The JSON is a ledger the core takes.
    let _: datafee::costs::Ledger = datafee::doc::from_json(&text(&o.stdout)).expect("a ledger");

    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "category,year,product,amount\npersonnel,2026,p01,1\npersonnel,2026,p01,abc\n").expect("write");
    let o = datafee(["import".as_ref(), "ledger".as_ref(), bad.as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("bad.csv: [bad_cell] sheet \"bad.csv\", cell D3: \"abc\" is not a decimal"), "{err}");
    let o = datafee(["import".as_ref(), "approvals".as_ref(), good.as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("[bad_header]"), "{}", text(&o.stderr));
    let o = datafee(["import".as_ref(), "assets".as_ref(), fixture("usage.csv").with_extension("xlsx").as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
}

/// `--usage file.parquet` (the `parquet` feature) rates as the CSV does: the same invoices,
/// lines and rejections (rows counted from the first record); a file that is not Parquet is
/// refused naming it, exit 2.
#[cfg(feature = "parquet")]
#[test]
fn parquet_rates_as_csv() {
    let (a, b) = (out_dir("rate-pq-csv"), out_dir("rate-pq"));
    for (usage, dir) in [("usage.csv", &a), ("usage.parquet", &b)] {
        let o = datafee(["rate".as_ref(), "-t".as_ref(), fixture("tariff.json").as_os_str(), fixture(usage).as_os_str(), "-o".as_ref(), dir.as_os_str()]);
        assert!(o.status.success(), "{}", text(&o.stderr));
    }
    for f in ["invoices.csv", "invoice_lines.csv", "actual_lines.json"] {
        assert_eq!(std::fs::read(a.join(f)).expect("a"), std::fs::read(b.join(f)).expect("b"), "{f}");
    }
    let tail = |d: &Path| -> Vec<String> {
        std::fs::read_to_string(d.join("rejections.csv")).expect("rejections").lines().map(|l| l.split_once(',').map_or(l, |x| x.1).to_string()).collect()
    };
    assert_eq!(tail(&a), tail(&b));
    assert!(tail(&b).len() > 1, "the fixture has rejections");

    let not_parquet = b.join("usage.parquet");
    std::fs::copy(fixture("usage.csv"), &not_parquet).expect("copy");
    let o = datafee(["rate".as_ref(), "-t".as_ref(), fixture("tariff.json").as_os_str(), not_parquet.as_os_str(), "-o".as_ref(), a.as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("usage.parquet: not a readable Parquet file"), "{}", text(&o.stderr));
}

/// The files of two `datafee rate` output directories, byte for byte (the spill directory
/// gone from both).
#[cfg(feature = "parquet")]
fn same_outputs(a: &Path, b: &Path) {
    for f in ["invoices.csv", "invoice_lines.csv", "rejections.csv", "actual_lines.json", "summary.json", "working_papers.txt"] {
        let (x, y) = (std::fs::read(a.join(f)), std::fs::read(b.join(f)));
        assert_eq!(x.is_ok(), y.is_ok(), "{f}");
        if let (Ok(x), Ok(y)) = (x, y) {
            assert!(x == y, "{f} differs:\n{}\n---\n{}", text(&x), text(&y));
        }
    }
    for d in [a, b] {
        let left: Vec<_> =
            std::fs::read_dir(d).expect("dir").filter_map(|e| e.ok()).filter(|e| e.file_name().to_string_lossy().starts_with(".datafee-spill")).collect();
        assert!(left.is_empty(), "spill directory left in {}", d.display());
    }
}

/// `--partitions N` (id-hash partitions spilled to disk) gives the one-pass outputs byte for
/// byte: the fixture (a replay and a conflicting duplicate of r1) in 1, 2, 3 and 7 partitions,
/// with working papers, the spill directory elsewhere (`--spill-dir`) and removed at the end.
#[cfg(feature = "parquet")]
#[test]
fn spilled_partitions_rate_as_one_pass() {
    let run = |dir: &Path, partitions: &str, spill: Option<&Path>| {
        let mut args: Vec<std::ffi::OsString> = ["rate", "--explain", "-t"].map(Into::into).to_vec();
        args.extend([fixture("tariff.json").into_os_string(), fixture("usage.parquet").into_os_string(), "-o".into(), dir.as_os_str().into()]);
        args.extend(["--partitions".into(), partitions.into()]);
        if let Some(s) = spill {
            args.extend(["--spill-dir".into(), s.as_os_str().into()]);
        }
        let o = datafee(&args);
        assert!(o.status.success(), "{}", text(&o.stderr));
    };
    let one = out_dir("spill-1");
    run(&one, "1", None);
    let rejections = std::fs::read_to_string(one.join("rejections.csv")).expect("rejections");
    assert!(rejections.contains(",r1,duplicate_id,") && rejections.contains(",r1,conflicting_duplicate,"), "{rejections}");
    for n in ["2", "3", "7"] {
        let d = out_dir(&format!("spill-{n}"));
        let s = out_dir(&format!("spill-{n}-dir"));
        std::fs::create_dir_all(&s).expect("spill dir");
        run(&d, n, Some(&s));
        same_outputs(&one, &d);
        assert_eq!(std::fs::read_dir(&s).expect("spill dir").count(), 0, "spill directory removed");
    }
}

/// 30,000 generated records over several Parquet batches (replays and conflicting duplicates
/// of ids first met in other batches, rejections of every kind the tariff allows, free uses;
/// ids in integer form over many pages and ids with leading zeros):
/// rated in 5 and 64 spilled partitions, byte for byte the one-pass outputs; a malformed
/// text quantity stops the spilled run with the one-pass message (row counted over the file).
#[cfg(feature = "parquet")]
#[test]
fn spilled_partitions_rate_generated_usage_as_one_pass() {
    use std::sync::Arc;
    let dir = out_dir("spill-gen");
    std::fs::create_dir_all(&dir).expect("dir");
    let write = |path: &Path, bad_row: Option<usize>| {
        let n = 30_000usize;
        let pairs =
            [("credit", "fin"), ("credit", "trade"), ("credit", "gov"), ("geo", "fin"), ("geo", "edu"), ("report", "fin"), ("nosuch", "fin"), ("geo", "gov")];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut rnd = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let (mut id, mut customer, mut product, mut scenario, mut quantity, mut time) = (vec![], vec![], vec![], vec![], vec![], vec![]);
        for i in 0..n {
            let r = rnd();
            let (p, s) = pairs[(r % pairs.len() as u64) as usize];
            let q = match (r >> 8) % 50 {
                0 => "0".to_string(),
                1 => "0.25".to_string(),
                k if k % 2 == 0 => k.to_string(),
                k => format!("{k}.5"),
            };
            let t = format!("2025-01-{:02}", 1 + (r >> 16) % 31);
            let c = format!("c{}", (r >> 24) % 40);
            // Every 7th record reuses an earlier id (a replay when its content is equal). Ids
            // are numbers spread over ~460 pages of 65,536 (spilled partitions by page receive
            // many pages each), and every 5th is written with a leading zero (not in integer
            // form: partitioned by its hash).
            let name = |k: usize| if k.is_multiple_of(5) { format!("u0{}", k * 1_009) } else { format!("u{}", k * 1_009) };
            let rid = if i > 10 && (r >> 32) % 7 == 0 { name((r >> 40) as usize % i) } else { name(i) };
            id.push(rid);
            customer.push(c);
            product.push(p.to_string());
            scenario.push(s.to_string());
            quantity.push(if bad_row == Some(i) { "1.2.3".to_string() } else { q });
            time.push(t);
        }
        // Exact replays of earlier records too.
        for k in 0..2_000usize {
            let j = (k * 13) % n;
            let (a, b, c, d, e, f) = (id[j].clone(), customer[j].clone(), product[j].clone(), scenario[j].clone(), quantity[j].clone(), time[j].clone());
            id.push(a);
            customer.push(b);
            product.push(c);
            scenario.push(d);
            quantity.push(e);
            time.push(f);
        }
        let col = |v: Vec<String>| Arc::new(arrow_array::StringArray::from(v)) as arrow_array::ArrayRef;
        let batch = arrow_array::RecordBatch::try_from_iter([
            ("id", col(id)),
            ("customer", col(customer)),
            ("product", col(product)),
            ("scenario", col(scenario)),
            ("quantity", col(quantity)),
            ("time", col(time)),
        ])
        .expect("batch");
        let props = parquet::file::properties::WriterProperties::builder().set_max_row_group_row_count(Some(7_000)).build();
        let file = std::fs::File::create(path).expect("create");
        let mut w = parquet::arrow::ArrowWriter::try_new(file, batch.schema(), Some(props)).expect("writer");
        for lo in (0..batch.num_rows()).step_by(5_000) {
            w.write(&batch.slice(lo, 5_000.min(batch.num_rows() - lo))).expect("write");
        }
        w.close().expect("close");
    };
    let usage = dir.join("usage.parquet");
    write(&usage, None);
    let rate = |out: &Path, partitions: &str| {
        datafee([
            "rate".as_ref(),
            "-t".as_ref(),
            fixture("tariff.json").as_os_str(),
            usage.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "--partitions".as_ref(),
            partitions.as_ref(),
        ])
    };
    let one = dir.join("one");
    let o = rate(&one, "1");
    assert!(o.status.success(), "{}", text(&o.stderr));
    let summary: Value = serde_json::from_str(&std::fs::read_to_string(one.join("summary.json")).expect("summary")).expect("json");
    for reason in ["duplicate_id", "conflicting_duplicate", "unknown_product", "non_positive_quantity", "not_offered"] {
        assert!(summary["rejections_by_reason"][reason].as_u64().unwrap_or(0) > 0, "{reason}: {summary}");
    }
    for n in ["5", "64"] {
        let out = dir.join(format!("p{n}"));
        let o = rate(&out, n);
        assert!(o.status.success(), "{}", text(&o.stderr));
        same_outputs(&one, &out);
    }

    write(&usage, Some(12_345));
    let (a, b) = (rate(&dir.join("bad1"), "1"), rate(&dir.join("bad5"), "5"));
    assert_eq!((a.status.code(), b.status.code()), (Some(2), Some(2)));
    assert!(text(&a.stderr).contains("records[12345].quantity"), "{}", text(&a.stderr));
    assert_eq!(text(&a.stderr), text(&b.stderr));
}
