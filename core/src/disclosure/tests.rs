//! Unit tests of the disclosures.

use serde_json::json;

use super::render::{csv_field, md_escape};
use super::*;
use crate::scenario::{run, ScenarioDoc};

fn doc(fees: serde_json::Value, period_years: u32) -> ScenarioDoc {
    crate::doc::from_value(json!({
        "name": "t", "first_year": 2026, "profile": {"period_years": period_years},
        "catalog": {
            "scenarios": [{"id": "ind", "name": "Industry", "category": "industry_development"},
                          {"id": "wel", "name": "Welfare", "category": "public_welfare"}],
            "products": [{"id": "r", "name": "<script>alert(1)</script>", "name_zh": "报告 & \"引号\"", "service_form": "report",
                          "charging_form": "per_item", "unit": "report", "scenarios": ["ind", "wel"]}]},
        "costs": {"ledger": {"entries": [
            {"category": "personnel", "year": 2026, "product": "r", "amount": "2000.00"},
            {"category": "personnel", "year": 2027, "product": "r", "amount": "2000.00"}]}},
        "forecasts": [{"product": "r", "scenario": "ind", "volume": "100"}, {"product": "r", "scenario": "wel", "volume": "100"}],
        "fees": fees
    }))
    .unwrap()
}

fn flat(effective: &str, price: &str) -> serde_json::Value {
    json!({"product": "r", "scenario": "ind", "effective": effective, "schedule": {"kind": "flat", "price": price}})
}

#[test]
fn csv_quoting_and_formula_guard() {
    assert_eq!(csv_field("plain", false), "plain");
    assert_eq!(csv_field("a,b", false), "\"a,b\"");
    assert_eq!(csv_field("say \"hi\"", false), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_field("two\nlines", false), "\"two\nlines\"");
    assert_eq!(csv_field("=1+1", false), "'=1+1");
    assert_eq!(csv_field("@cmd", false), "'@cmd");
    assert_eq!(csv_field("-12.50", true), "-12.50");
    assert_eq!(csv_field("-12.50", false), "'-12.50");
}

#[test]
fn markdown_and_html_escape() {
    assert_eq!(md_escape("a|b\\c<d>&\ne"), "a\\|b\\\\c&lt;d&gt;&amp; e");
    assert_eq!(html::escape("<a href='x'>\"&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;");
}

#[test]
fn fee_list_rows_and_years() {
    let d = doc(json!([flat("2026-01-01", "9.00"), flat("2026-07-01", "8.00"), flat("2027-03-01", "12.00")]), 2);
    let chain = run(&d).unwrap();
    let l = fee_list(&d, &chain, 2026).unwrap();
    // 2026: two fees (the later one not yet); cap floor(RR / 100): every cost on r/ind
    let fees: Vec<(&str, Option<&str>)> = l.rows.iter().map(|r| (r.actual_fee.as_str(), r.replaced_on.as_deref())).collect();
    assert_eq!(fees, [("9.00 per unit", Some("2026-07-01")), ("8.00 per unit", None), ("free", None)]);
    assert_eq!(l.rows[2].status, FeeStatus::Free);
    assert!(l.rows[2].free_reason.as_deref().unwrap().contains("公益事业"));
    // 2027: the 8.00 fee in force on 1 January, then 12.00 from March, above the cap
    let l = fee_list(&d, &chain, 2027).unwrap();
    let rows: Vec<(&str, Option<bool>)> = l.rows.iter().map(|r| (r.actual_fee.as_str(), r.compliant)).collect();
    assert_eq!(rows, [("8.00 per unit", Some(true)), ("12.00 per unit", Some(false)), ("free", None)]);
    let e = fee_list(&d, &chain, 2025).unwrap_err();
    assert_eq!((e.code(), e.field()), ("out_of_range", "year"));
}

#[test]
fn adjustments_new_and_up() {
    let d = doc(json!([flat("2026-01-01", "9.00"), flat("2026-07-01", "9.50"), flat("2027-03-01", "9.50")]), 2);
    let a = fee_adjustments(&d, 2026).unwrap();
    assert_eq!(a.len(), 2);
    assert_eq!((a[0].change, a[0].direction), (FeeChange::New, None));
    assert_eq!((a[1].change, a[1].direction), (FeeChange::Adjusted, Some(Direction::Up)));
    let a = fee_adjustments(&d, 2027).unwrap();
    assert_eq!(a[0].direction, Some(Direction::Unchanged));
    assert_eq!(a[0].previous_effective.as_deref(), Some("2026-07-01"));
}

#[test]
fn hostile_names_are_escaped_everywhere() {
    let d = doc(json!([flat("2026-01-01", "9.00")]), 1);
    let chain = run(&d).unwrap();
    let l = fee_list(&d, &chain, 2026).unwrap();
    let t = l.tables();
    let h = to_html(&t);
    assert!(!h.to_lowercase().contains("<script"), "{h}");
    assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt; 报告 &amp; &quot;引号&quot;"));
    assert!(h.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    for banned in ["src=", "href=", "url(", "@import", "<link", "<iframe", "<object"] {
        assert!(!h.contains(banned), "{banned}");
    }
    let m = to_markdown(&t);
    assert!(!m.contains("<script") && m.contains("&lt;script&gt;"));
    let csv = to_csv(&t);
    assert_eq!(csv[0].0, "fee_list");
    assert!(csv[0].1.contains("<script>alert(1)</script> 报告 & \"\"引号\"\""));
}

#[test]
fn annual_report_and_render_forms() {
    let d = doc(json!([flat("2026-01-01", "9.00")]), 1);
    let chain = run(&d).unwrap();
    let actual =
        vec![crate::review::ActualLine { product: "r".into(), scenario: "ind".into(), volume: "100".parse().unwrap(), revenue: "900.00".parse().unwrap() }];
    let r = annual_report(&d, &chain, &AnnualInput { year: 2026, actual, shares: vec![] }).unwrap();
    assert_eq!(r.revenue.profit.get(), r.revenue.actual_revenue.get() - r.revenue.permitted_cost.get());
    assert_eq!(r.overview.free_pairs, 1);
    assert_eq!(r.fee_adjustments.len(), 1);
    assert!(r.shares.is_none());
    let names: Vec<String> = r.tables().tables.iter().map(|t| t.name.clone()).collect();
    assert_eq!(
        names,
        [
            "overview",
            "evaluation",
            "costs",
            "revenue_profit",
            "products",
            "review",
            "review_lines",
            "violations",
            "proposed_caps",
            "fee_adjustments",
            "revenue_shares",
            "party_totals"
        ]
    );
    let v = render(&r, Format::Json).unwrap();
    assert_eq!(v["year"], 2026);
    let v = render(&r, Format::Csv).unwrap();
    assert_eq!(v["tables"].as_object().unwrap().len(), 12);
    let v = render(&r, Format::Html).unwrap();
    assert_eq!(v["format"], "html");
    assert!(v["content"].as_str().unwrap().contains("年度经营情况报告"));
    let e = annual_report(&d, &chain, &AnnualInput { year: 2027, ..AnnualInput::default() }).unwrap_err();
    assert_eq!((e.code(), e.field()), ("out_of_range", "year"));
    let review_tables = r.review.tables();
    assert_eq!(review_tables.tables.len(), 4);
}

/// Issue 15 item 10: links, remote images, control and bidirectional characters are
/// neutralised in every render of the fee list and the annual report.
#[test]
fn links_images_controls_and_bidi_are_neutralised_in_every_render() {
    let hostile = "[x](javascript:alert(1)) ![](http://evil.example/p.png) a\u{202E}gnp.exe\u{2066}b\u{0007}c\u{200B}d\u{85}e\u{7f}f\u{feff}";
    let mut d = doc(json!([flat("2026-01-01", "9.00")]), 1);
    d.catalog.products[0].name = hostile.into();
    d.catalog.products[0].name_zh = Some("报告\u{200F}\u{1b}[31m".into());
    d.catalog.scenarios[0].name = "![img](https://evil.example/i.png)".into();
    let chain = run(&d).unwrap();
    let list = fee_list(&d, &chain, 2026).unwrap();
    let actual =
        vec![crate::review::ActualLine { product: "r".into(), scenario: "ind".into(), volume: "100".parse().unwrap(), revenue: "900.00".parse().unwrap() }];
    let report = annual_report(&d, &chain, &AnnualInput { year: 2026, actual, shares: vec![] }).unwrap();
    let hidden = |s: &str| s.chars().filter(|&c| super::render::is_hidden_char(c) && !matches!(c, '\n' | '\r')).collect::<Vec<_>>();
    for tables in [list.tables(), report.tables()] {
        let md = to_markdown(&tables);
        assert!(md.contains("\\[x\\](javascript:alert(1))"), "the name is shown, escaped: {md}");
        assert!(!md.replace("\\]", "").contains("](") && !md.replace("\\!", "").contains("!["), "a link or an image survived: {md}");
        assert!(hidden(&md).is_empty(), "hidden characters in Markdown: {:?}", hidden(&md));
        assert!(md.contains('\u{fffd}'));
        let html = to_html(&tables);
        assert!(hidden(&html).is_empty(), "hidden characters in HTML: {:?}", hidden(&html));
        assert!(!html.contains("<a ") && !html.contains("<img"));
        for (_, csv) in to_csv(&tables) {
            let h: Vec<char> = hidden(&csv).into_iter().filter(|&c| c != '\t').collect();
            assert!(h.is_empty(), "hidden characters in CSV: {h:?}");
        }
    }
    // A tab, CR or LF in a CSV text cell is data RFC 4180 quoting keeps; a bidi override is not.
    assert_eq!(csv_field("a\u{202E}b", false), "a\u{fffd}b");
    assert_eq!(csv_field("a\nb", false), "\"a\nb\"");
    assert_eq!(md_escape("![i](u) `c`"), "\\!\\[i\\](u) \\`c\\`");
    assert_eq!(html::escape("a\u{2067}b\tc"), "a\u{fffd}b c");
}

/// Issue 11 item 6 / issue 9 item 7: a complete 收费公示 in every format, 试行 where trial.
#[test]
fn fee_list_is_a_complete_public_notice_in_every_format() {
    let mut d = doc(json!([flat("2026-01-01", "9.00")]), 1);
    d.catalog.products[0].registration_number = Some("WA-LA-2026-0007".into());
    d.catalog.parties.push(crate::doc::from_value(json!({"id": "op", "name": "City data group", "kind": "operator"})).unwrap());
    let formal = fee_list(&d, &run(&d).unwrap(), 2026).unwrap();
    assert_eq!((formal.operator.as_deref(), formal.complaint_channel.as_str()), (Some("City data group"), DEFAULT_COMPLAINT_CHANNEL));
    assert!(formal.rows.iter().all(|r| !r.trial));
    assert!(!to_markdown(&formal.tables()).contains("试行"));

    d.stage = crate::mpr::Stage::Trial;
    let chain = run(&d).unwrap();
    let publication = Publication { basis: Some("六发改价格〔2026〕1号".into()), operator: None, complaint_channel: Some("12345".into()) };
    let l = fee_list_with(&d, &chain, 2026, &publication).unwrap();
    let paid: Vec<&FeeRow> = l.rows.iter().filter(|r| r.status == FeeStatus::Paid).collect();
    assert!(!paid.is_empty() && paid.iter().all(|r| r.trial));
    assert!(l.rows.iter().filter(|r| r.free).all(|r| !r.trial), "a free use carries no fee to mark");
    assert!(l.rows.iter().all(|r| r.registration_number.as_deref() == Some("WA-LA-2026-0007") && r.service_form_zh == "报告"));
    let json = render(&l, Format::Json).unwrap();
    assert_eq!(
        (json["stage"].as_str(), json["basis"].as_str(), json["complaint_channel"].as_str()),
        (Some("trial"), Some("六发改价格〔2026〕1号"), Some("12345"))
    );
    assert_eq!(json["rows"][0]["trial"], true);
    let t = l.tables();
    let md = to_markdown(&t);
    let html = to_html(&t);
    let csv = to_csv(&t);
    for text in [&md, &html] {
        for needle in [
            "收费公示(试行)",
            "9.00 per unit (试行 trial)",
            "六发改价格〔2026〕1号",
            "City data group",
            "12345",
            "WA-LA-2026-0007",
            "报告",
            "收费依据",
            "投诉举报",
        ] {
            assert!(text.contains(needle), "{needle} missing");
        }
    }
    let c = &csv[0].1;
    assert!(c.lines().next().unwrap().contains("service_form") && c.contains("registration_number"));
    assert!(c.contains("9.00 per unit (试行 trial)") && c.contains("WA-LA-2026-0007"));
    // Via the operation, with the publication details.
    let out = crate::api::call(
        "disclosure.fee_list",
        json!({"document": crate::doc::from_value::<serde_json::Value>(serde_json::to_value(&d).unwrap()).unwrap(), "publication": {"basis": "X"}, "format": "markdown"}),
    )
    .unwrap();
    assert!(out["content"].as_str().unwrap().contains("Basis 收费依据: X"));
}

/// Issue 9 item 8: the annual report shows accounting profit and regulatory margin; trial fees marked.
#[test]
fn annual_report_profit_both_ways_and_trial_marks() {
    let mut d = doc(json!([flat("2026-01-01", "9.00")]), 1);
    d.stage = crate::mpr::Stage::Trial;
    let chain = run(&d).unwrap();
    let actual =
        vec![crate::review::ActualLine { product: "r".into(), scenario: "ind".into(), volume: "100".parse().unwrap(), revenue: "900.00".parse().unwrap() }];
    let r = annual_report(&d, &chain, &AnnualInput { year: 2026, actual, shares: vec![] }).unwrap();
    let rp = &r.revenue;
    // The ledger claims 2000.00 in 2026 (personnel, permitted in full; half of it the free use's).
    assert_eq!(rp.claimed_cost.to_string(), "2000.00");
    assert_eq!(rp.accounting_profit.get(), rp.actual_revenue.get() - rp.claimed_cost.get());
    assert_eq!(rp.regulatory_margin.get(), rp.actual_revenue.get() - rp.mpr.get());
    assert!(rp.regulatory_margin.is_negative(), "900 of revenue against an MPR above 1000");
    // Profit on the chargeable uses' cost: 2000.00 permitted, 1000.00 of it the free use's (100 of
    // 200 units), so 900.00 − 1000.00 = −100.00 (chargeable_only, the default).
    assert_eq!(
        (rp.total_permitted_cost.to_string(), rp.free_use_cost.to_string(), rp.permitted_cost.to_string(), rp.profit.to_string()),
        ("2000.00".into(), "1000.00".into(), "1000.00".into(), "-100.00".into())
    );
    assert_eq!(r.overview.profit, rp.profit);
    // from_paid: paying users carry every cost, so the whole 2000.00 is set against revenue.
    let mut paid = d.clone();
    paid.profile.free_cost_recovery = crate::profile::FreeCostRecovery::FromPaid;
    let chain = run(&paid).unwrap();
    let actual =
        vec![crate::review::ActualLine { product: "r".into(), scenario: "ind".into(), volume: "100".parse().unwrap(), revenue: "900.00".parse().unwrap() }];
    let rp = annual_report(&paid, &chain, &AnnualInput { year: 2026, actual, shares: vec![] }).unwrap().revenue;
    assert_eq!((rp.permitted_cost.to_string(), rp.profit.to_string()), ("2000.00".into(), "-1100.00".into()));
    let md = to_markdown(&r.tables());
    for needle in ["账面利润", "监管口径收支差", "年度经营情况报告(试行收费标准)", "(试行 trial)"] {
        assert!(md.contains(needle), "{needle} missing");
    }
}

#[test]
fn authorization_disclosure_in_every_format() {
    let lc: crate::lifecycle::Lifecycle = crate::doc::from_value(json!({"authorization": {
        "authority": "Data bureau", "operator": "Ops [co](javascript:x)", "content": "27 products", "scope": "city",
        "signed": "2025-12-15", "start": "2026-01-01", "term_years": 5}}))
    .unwrap();
    let d = authorization_disclosure(&lc, &crate::lifecycle::Calendar::default(), 15, Some("2026-01-05".parse().unwrap())).unwrap();
    assert_eq!((d.deadline.to_string(), d.on_time), ("2026-01-05".into(), Some(true)));
    let t = d.tables();
    for text in [to_markdown(&t), to_html(&t)] {
        for needle in ["授权对象", "授权内容", "授权范围", "授权时限", "2026-01-01 – 2030-12-31", "2026-01-05 (15 working days 个工作日)", "按期"]
        {
            assert!(text.contains(needle), "{needle} missing in {text}");
        }
    }
    assert!(to_markdown(&t).contains("Ops \\[co\\](javascript:x)"));
    assert_eq!(to_csv(&t)[0].0, "authorization");
    let mut late = lc;
    late.authorization.as_mut().unwrap().signed = None;
    assert_eq!(authorization_disclosure(&late, &crate::lifecycle::Calendar::default(), 15, None).unwrap_err().field(), "lifecycle.authorization.signed");
}

#[test]
fn periodic_reports_render_in_every_format() {
    let d = doc(json!([flat("2026-01-01", "9.00")]), 1);
    let s = crate::rating::ProductSummary {
        product: "r".into(),
        records: 4,
        quantity: "4".parse().unwrap(),
        free_records: 1,
        free_quantity: "1".parse().unwrap(),
        revenue: "36.00".parse().unwrap(),
    };
    let q = periodic_report(&d.catalog, Cadence::Quarterly, 2026, 4, std::slice::from_ref(&s), &crate::Rounding::cents()).unwrap();
    assert_eq!((q.start.to_string(), q.last_day.to_string()), ("2026-10-01".into(), "2026-12-31".into()));
    let t = q.tables();
    assert_eq!(t.tables.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(), ["products", "marketisation", "datasets", "sources"]);
    assert!(to_markdown(&t).contains("2026年第4季度运营情况报告") && to_html(&t).contains("公共数据产品清单"));
    let h = periodic_report(&d.catalog, Cadence::HalfYearly, 2026, 1, &[s], &crate::Rounding::cents()).unwrap();
    assert_eq!(h.tables().tables.len(), 3, "the public half-yearly list has no marketisation table");
    assert!(to_markdown(&h.tables()).contains("2026年上半年"));
}

fn evaluated(d: &ScenarioDoc, ind: &str, wel: &str) -> Evaluation {
    let chain = run(d).unwrap();
    let line = |s: &str, rev: &str| crate::review::ActualLine {
        product: "r".into(),
        scenario: s.into(),
        volume: "100".parse().unwrap(),
        revenue: rev.parse().unwrap(),
    };
    annual_report(d, &chain, &AnnualInput { year: 2026, actual: vec![line("ind", ind), line("wel", wel)], shares: vec![] }).unwrap().evaluation
}

#[test]
fn evaluation_passes_rectifies_and_fails() {
    let d = doc(json!([flat("2026-01-01", "9.00")]), 1);
    let e = evaluated(&d, "900.00", "0");
    assert_eq!(e.verdict, Verdict::Passed);
    let keys: Vec<&str> = e.criteria.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["revenue_within_mpr", "charges_within_caps", "free_uses_free", "free_use_share"]);
    // The default over-recovery bound is the review threshold (10 %), the free share 50 %.
    assert_eq!(e.criteria[0].threshold.to_string(), "10");
    assert!(e.criteria[0].figure.unwrap() < rust_decimal::Decimal::ZERO);
    assert_eq!(e.criteria[3].figure.unwrap().to_string(), "50");
    assert_eq!(e.criteria[3].threshold.to_string(), "0");

    // Far above the MPR (and so above the cap): rectify, both criteria named.
    let e = evaluated(&d, "50000.00", "0");
    assert_eq!(e.verdict, Verdict::Rectify);
    let failed: Vec<&str> = e.criteria.iter().filter(|c| !c.passed).map(|c| c.key.as_str()).collect();
    assert_eq!(failed, ["revenue_within_mpr", "charges_within_caps"]);
    assert_eq!(e.label, "rectify 限期整改");

    // A free use charged: failed, whatever else passes.
    let e = evaluated(&d, "900.00", "10.00");
    assert_eq!((e.verdict, e.criteria[2].figure.unwrap().to_string().as_str()), (Verdict::Failed, "1"));

    // A jurisdiction that expects 60 % public-service use: 50 % is to be rectified.
    let mut d2 = d.clone();
    d2.profile.evaluation.min_free_use_share = crate::money::Rate::new(rust_decimal::Decimal::new(6, 1));
    let e = evaluated(&d2, "900.00", "0");
    assert_eq!(e.verdict, Verdict::Rectify);
    assert_eq!((e.criteria[3].threshold.to_string().as_str(), e.criteria[3].passed), ("60", false));
    // A stricter over-recovery bound than the review threshold.
    let above = (run(&d).unwrap().mpr.years[0].mpr.get() + rust_decimal::Decimal::new(1, 2)).to_string();
    assert!(evaluated(&d, &above, "0").criteria[0].passed, "one cent over is within 10 %");
    d2.profile.evaluation.max_over_recovery = Some(crate::money::Rate::ZERO);
    assert!(!evaluated(&d2, &above, "0").criteria[0].passed, "one cent over a zero bound");

    // The evaluation is a table of the report, after the overview, with the result noted.
    let chain = run(&d).unwrap();
    let r = annual_report(&d, &chain, &AnnualInput { year: 2026, actual: vec![], shares: vec![] }).unwrap();
    let t = &r.tables().tables[1];
    assert_eq!((t.name.as_str(), t.rows.len()), ("evaluation", 4));
    assert!(t.notes[0].contains("passed 通过"), "{:?}", t.notes);
    // No volume at all: the free share is undefined and passes (no share required).
    assert_eq!(r.evaluation.criteria[3].figure, None);
    assert!(r.evaluation.criteria[3].passed);
}

#[test]
fn evaluation_thresholds_are_checked() {
    let mut v = serde_json::to_value(doc(json!([]), 1)).unwrap();
    v["profile"]["evaluation"] = json!({"min_free_use_share": "1.5"});
    let d: ScenarioDoc = crate::doc::from_value(v.clone()).unwrap();
    let e = run(&d).unwrap_err();
    assert_eq!(e.code(), "out_of_range");
    assert!(e.field().ends_with("evaluation.min_free_use_share"), "{}", e.field());
    v["profile"]["evaluation"] = json!({"min_free_share": "0.5"});
    assert_eq!(crate::doc::from_value::<ScenarioDoc>(v).unwrap_err().code(), "parse");
}
