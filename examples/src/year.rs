//! One year of operation of the example city: synthetic usage rated against the published
//! fees, the periodic review, the revenue shares of the credit product and the annual report.

use std::path::Path;

use datafee::disclosure::{annual_report, render, AnnualInput, Format};
use datafee::money::Quantity;
use datafee::rating::{Date, Rater, RaterOptions, RatingResult, UsageRecord, UsageTime};
use datafee::review::{review, ActualLine, ReviewInput};
use datafee::scenario::{tariff_for_year, ChainResult, ScenarioDoc};
use datafee::sharing::chain_waterfall::{chain_waterfall, ChainWaterfallInput, SurchargeBase, TaxBasis};
use datafee::sharing::contribution::{evaluate, Evaluation};
use datafee::sharing::rng::Rng;
use datafee::sharing::statement::{paid_to, statement, StatementInput};
use datafee::sharing::two_layer::{two_layer, TwoLayerInput};
use datafee::sharing::{waterfall, Agreement, Waterfall};
use rust_decimal::Decimal;

type Fallible<T> = Result<T, Box<dyn std::error::Error>>;

/// A deterministic generator of one year of usage (seeded; the same records on every machine).
///
/// (product, scenario) pairs are drawn in proportion to their forecast volume, quantities are
/// 1 to 8 units, days uniform over the year, customers from a fixed pool; about 0.5 % of the
/// records are bad on purpose (unknown product, zero quantity, outside the year, duplicate id,
/// unknown scenario). All figures are illustrative.
pub struct UsageGenerator {
    rng: Rng,
    pairs: Vec<(String, String)>,
    cumulative: Vec<u64>,
    year_start: i32,
    days: u64,
    next: u64,
    count: u64,
}

impl UsageGenerator {
    /// A generator of about `volume_factor` × the year's forecast volume, in records of 1 to 8 units.
    pub fn new(doc: &ScenarioDoc, year: i32, seed: u64, volume_factor: Decimal) -> Fallible<Self> {
        let mut pairs = Vec::new();
        let mut cumulative = Vec::new();
        let mut total = 0u64;
        for f in doc.forecasts.iter().filter(|f| f.year.is_none_or(|y| y == year)) {
            let v: u64 = f.volume.get().trunc().try_into().unwrap_or(0);
            if v == 0 || doc.forecasts.iter().any(|g| g.year == Some(year) && f.year.is_none() && g.product == f.product && g.scenario == f.scenario) {
                continue;
            }
            total += v;
            pairs.push((f.product.clone(), f.scenario.clone()));
            cumulative.push(total);
        }
        // Mean quantity 4.5 units per record.
        let records: u64 = (Decimal::from(total) * volume_factor / Decimal::new(45, 1)).trunc().try_into()?;
        let start = Date::from_ymd(year, 1, 1)?.days();
        let end = Date::from_ymd(year + 1, 1, 1)?.days();
        Ok(UsageGenerator { rng: Rng::new(seed), pairs, cumulative, year_start: start, days: (end - start) as u64, next: 0, count: records })
    }

    /// How many records the generator yields.
    pub fn len(&self) -> u64 {
        self.count
    }
}

impl Iterator for UsageGenerator {
    type Item = UsageRecord;

    fn next(&mut self) -> Option<UsageRecord> {
        if self.next >= self.count {
            return None;
        }
        let i = self.next;
        self.next += 1;
        let total = *self.cumulative.last()?;
        let x = self.rng.below(total);
        let k = self.cumulative.partition_point(|&c| c <= x);
        let (mut product, mut scenario) = self.pairs.get(k)?.clone();
        let mut quantity = Decimal::from(1 + self.rng.below(8));
        let mut day = self.year_start + self.rng.below(self.days) as i32;
        let customer = format!("cust-{:03}", self.rng.below(400));
        let mut id = format!("u{i:08}");
        match self.rng.below(1000) {
            0 => product = "p99".into(),
            1 => quantity = Decimal::ZERO,
            2 => day = self.year_start - 1 - self.rng.below(30) as i32,
            3 if i > 0 => id = format!("u{:08}", i - 1),
            4 => scenario = "tourism-x".into(),
            _ => {}
        }
        let time = UsageTime::on(Date::from_days(day)?);
        Some(UsageRecord { id, customer, product, scenario, quantity: Quantity::new(quantity), time })
    }
}

/// Rate, review, share and report the first year of the period.
pub fn run_year(doc: &ScenarioDoc, chain: &ChainResult, sharing_path: &Path, out_dir: &Path) -> Fallible<()> {
    let year = doc.first_year;
    let yt = tariff_for_year(doc, chain, year)?;
    println!();
    println!("BILLING 计费, {year}: synthetic usage (illustrative), rated against the published fees");
    println!("{}", "-".repeat(110));
    for w in &yt.withheld {
        println!("withheld (not published): {}/{} effective {}: {}", w.product, w.scenario, w.effective, w.reason);
    }
    let usage = UsageGenerator::new(doc, year, 20_260_101, Decimal::new(104, 2))?;
    let n = usage.len();
    let mut rater = Rater::new(&yt.tariff, RaterOptions { keep_records: false, explain: false })?;
    let t0 = std::time::Instant::now();
    for r in usage {
        rater.push(&r)?;
    }
    let rated: RatingResult = rater.finish()?;
    let took = t0.elapsed();
    println!(
        "records in {}  =  rated {} (charged {}, free {})  +  rejected {}     [{} records in {:.2?}]",
        rated.counts.records_in, rated.counts.rated, rated.counts.charged, rated.counts.free, rated.counts.rejected, n, took
    );
    let reasons: Vec<String> = rated.counts.rejections_by_reason.iter().filter(|(_, &c)| c > 0).map(|(r, c)| format!("{r} {c}")).collect();
    println!("rejected by reason: {}", reasons.join(", "));
    let t = &rated.totals;
    println!("invoices {}  lines {}  subtotal {}  VAT {}  total {}", t.invoices, t.lines, t.subtotal, t.vat, t.total);
    println!("{:<4} {:>10} {:>12} {:>14} {:>12} {:>12}", "id", "records", "quantity", "revenue", "free recs", "free qty");
    for p in &rated.products {
        println!("{:<4} {:>10} {:>12} {:>14} {:>12} {:>12}", p.product, p.records, p.quantity, p.revenue, p.free_records, p.free_quantity);
    }

    let actual = ActualLine::from_rating(&rated, &yt.tariff)?;
    let rv = review(&ReviewInput::from_chain(doc, chain, year, actual.clone())?)?;
    println!();
    println!("PERIODIC REVIEW 定期评估, {year}");
    println!("{}", "-".repeat(110));
    println!(
        "MPR {}   actual chargeable revenue {}   deviation {} ({}%; threshold {}%)   claw-back into the next period {}",
        rv.mpr,
        rv.actual_revenue,
        rv.deviation,
        rv.deviation_percent.map_or("n/a".into(), |d| d.to_string()),
        rv.threshold_percent,
        rv.clawback
    );
    println!("violations (charges above cap x volume, or charged free uses): {}", rv.violations.len());
    match &rv.proposal {
        Some(p) => println!(
            "deviation beyond the threshold: caps scaled by {} proposed ({} lines; Σ proposed cap x volume {} <= target {})",
            p.factor.map_or("1".into(), |f| f.round_dp(6).to_string()),
            p.lines.len(),
            p.revenue_at_proposed_caps,
            p.target
        ),
        None => println!("deviation within the threshold: caps stand"),
    }

    // Revenue sharing of the credit verification product (p08), two ways.
    let text = std::fs::read_to_string(sharing_path).map_err(|e| format!("{}: {e}", sharing_path.display()))?;
    let agreements: serde_json::Value = serde_json::from_str(&text)?;
    let revenue = actual.iter().filter(|a| a.product == "p08").map(|a| a.revenue.get()).sum::<Decimal>();
    println!();
    println!("REVENUE SHARING 收益分配: p08 financial-credit verification, revenue {revenue} (6 source departments, operator, partner)");
    println!("{}", "-".repeat(110));
    let mut waterfalls: Vec<Waterfall> = Vec::new();
    for method in ["shapley", "contribution"] {
        let agreement: Agreement = datafee::doc::from_value(agreements[method].clone())?;
        let w = waterfall(&agreement, datafee::Amount::new(revenue))?;
        println!(
            "by {method}: tax {}  costs recovered {}  operator profit {}  remainder {}  (non-tax revenue to the treasury {})",
            w.tax, w.cost_recovered, w.operator_profit, w.remainder, w.non_tax_revenue
        );
        println!("  {:<46} {:>12} {:>10} {:>12} {:>12}", "party", "cost", "profit", "remainder", "total");
        for p in &w.parties {
            let mark = if p.non_tax_revenue { "上缴财政 non-tax" } else { "" };
            println!("  {:<46} {:>12} {:>10} {:>12} {:>12}  {mark}", p.name, p.cost_recovered, p.profit, p.remainder_share, p.total);
        }
        let sum: Decimal = w.parties.iter().map(|p| p.total.get()).sum();
        println!("  {:<46} {:>48}  (= revenue − tax {})", "sum", sum, w.after_tax);
        waterfalls.push(w);
    }

    // The same product from the chain: permitted cost, profit and MPR share from the engine,
    // surcharges on the VAT payable of the rater's VAT-exclusive revenue (its input VAT share
    // credited), revenue above the MPR share held back.
    if let Some(spec) = agreements.get("from_chain") {
        let mut spec = spec.clone();
        if let Some(o) = spec.as_object_mut() {
            o.remove("_note");
        }
        let input = ChainWaterfallInput {
            scenario: doc.clone(),
            year,
            product: "p08".into(),
            revenue: datafee::Amount::new(revenue),
            tax_basis: TaxBasis::VatExclusive,
            // The surcharges on the VAT payable: output VAT less p08's share of the input VAT,
            // as the MPR's surcharge block nets it.
            surcharge_base: SurchargeBase::VatPayable,
            agreement: datafee::doc::from_value(spec)?,
        };
        let c = chain_waterfall(chain, doc.profile.vat_rate.get(), doc.profile.surcharges.total(), &input)?;
        let p = &c.permitted;
        println!(
            "from the chain 从测算链: permitted cost {} (of {} chargeable), profit {} + income tax {}, MPR share {}",
            p.cost, p.chargeable_cost_all, p.profit, p.income_tax, p.mpr
        );
        println!(
            "  VAT-exclusive revenue {}: surcharges {} (on the VAT payable, input VAT share {} credited; no VAT deducted)  headroom {}  held back 分配前预留扣减 {}  distributed {}",
            c.revenue_vat_exclusive, c.surcharges, p.input_vat, c.headroom, c.held_back, c.distributed
        );
        let w = &c.waterfall;
        println!("  {:<46} {:>12} {:>10} {:>12} {:>12}", "party", "cost", "profit", "remainder", "total");
        for p in &w.parties {
            let mark = if p.non_tax_revenue { "上缴财政 non-tax" } else { "" };
            println!("  {:<46} {:>12} {:>10} {:>12} {:>12}  {mark}", p.name, p.cost_recovered, p.profit, p.remainder_share, p.total);
        }
        println!("  {:<46} {:>48}  (+ held back {} = revenue {} − taxes {})", "sum", c.distributed, c.held_back, c.revenue, c.taxes);
    }

    // 六安's two layers: the units' ratios less related taxes to their treasury levels, then the
    // operator's part re-split with its partner.
    if let Some(spec) = agreements.get("two_layer") {
        let mut spec = spec.clone();
        if let Some(o) = spec.as_object_mut() {
            o.remove("_note");
            o.insert("product".into(), "p08".into());
            o.insert("revenue".into(), revenue.to_string().into());
            o.insert("tax_basis".into(), "vat_exclusive".into());
            o.insert("vat_rate".into(), doc.profile.vat_rate.get().to_string().into());
            o.insert("surcharge_rate".into(), doc.profile.surcharges.total().to_string().into());
        }
        let input: TwoLayerInput = datafee::doc::from_value(spec)?;
        let t = two_layer(&input)?;
        println!("two layers 两层分配 (六安): revenue {}  surcharges {} (VAT-exclusive: no VAT)", t.revenue, t.surcharges);
        println!("  layer 1 {:<40} {:>6} {:>12} {:>10} {:>12}  treasury 国库", "unit", "ratio", "gross", "taxes", "remitted");
        for u in &t.layer1 {
            println!("          {:<40} {:>6} {:>12} {:>10} {:>12}  {:?}", u.name, u.ratio, u.gross, u.related_taxes, u.remitted, u.treasury);
        }
        let levels: Vec<String> = t.treasury.iter().map(|(l, a)| format!("{l:?} {a}")).collect();
        println!("  remitted by treasury level: {}", levels.join(", "));
        println!(
            "  layer 2: operator's part {} → costs {}, profit {}, remainder {}",
            t.operator_remainder, t.layer2.cost_recovered, t.layer2.operator_profit, t.layer2.remainder
        );
        for p in &t.layer2.parties {
            println!("          {:<40} total {:>12}", p.name, p.total);
        }

        // The year's allocation statement (收益分配账单) from the same two-layer result, with the
        // operator's in-kind support (数据激励) set against the departments' shares.
        let items = agreements.get("in_kind").and_then(|k| k.get("items")).cloned().unwrap_or_else(|| serde_json::json!([]));
        let st_input: StatementInput = datafee::doc::from_value(serde_json::json!({
            "period": {"from": format!("{year}-01-01"), "to": format!("{year}-12-31")},
            "sharing": {"two_layer": input}, "in_kind": items}))?;
        let st = statement(&st_input)?;
        println!("allocation statement 收益分配账单 {year}: shares {} = revenue {} − taxes {}", st.shares, st.revenue, st.taxes);
        println!("  {:<46} {:>12} {:>10} {:>12}  paid to", "party", "share", "in kind", "remitted");
        for p in &st.parties {
            println!("  {:<46} {:>12} {:>10} {:>12}  {}", p.name, p.share, p.in_kind_offset, p.remitted, paid_to(p));
        }
        let levels: Vec<String> = st.treasury.iter().map(|(l, a)| format!("{l:?} {a}")).collect();
        println!("  to the treasuries after in-kind offsets: {}", levels.join(", "));
    }

    // 大冶's data-contribution evaluation of the six departments: a ranking and a grade, a
    // non-monetary reference (money reaches them through their ratios above).
    if let Some(spec) = agreements.get("grading") {
        let mut spec = spec.clone();
        if let Some(o) = spec.as_object_mut() {
            o.remove("_note");
        }
        let r = evaluate(&datafee::doc::from_value::<Evaluation>(spec)?)?;
        println!("data-contribution grades 数据贡献评价 (大冶; non-monetary: 立项、试点示范、优秀案例评选的参考)");
        for id in &r.ranking {
            if let Some(p) = r.parties.iter().find(|p| &p.id == id) {
                println!("  {:>2}. {:<8} score {:>8}  grade {}", p.rank, p.id, p.score.round_dp(2), p.grade.as_deref().unwrap_or(""));
            }
        }
    }

    // The annual operating report, in four formats.
    let report = annual_report(doc, chain, &AnnualInput { year, actual, shares: waterfalls.into_iter().take(1).collect() })?;
    std::fs::create_dir_all(out_dir)?;
    let md = render(&report, Format::Markdown)?;
    let html = render(&report, Format::Html)?;
    let json = render(&report, Format::Json)?;
    let csv = render(&report, Format::Csv)?;
    std::fs::write(out_dir.join("annual_report.md"), md["content"].as_str().unwrap_or_default())?;
    std::fs::write(out_dir.join("annual_report.html"), html["content"].as_str().unwrap_or_default())?;
    std::fs::write(out_dir.join("annual_report.json"), serde_json::to_string_pretty(&json)?)?;
    if let Some(tables) = csv["tables"].as_object() {
        for (name, content) in tables {
            std::fs::write(out_dir.join(format!("annual_report_{name}.csv")), content.as_str().unwrap_or_default())?;
        }
    }
    println!();
    println!("ANNUAL OPERATING REPORT 年度经营情况报告, {year}: written to {} (.md, .html, .json, .csv)", out_dir.display());
    println!("{}", "-".repeat(110));
    let md = md["content"].as_str().unwrap_or_default();
    for line in md.lines().take(40) {
        println!("{line}");
    }
    if md.lines().count() > 40 {
        println!("... ({} more lines in annual_report.md)", md.lines().count() - 40);
    }
    Ok(())
}
