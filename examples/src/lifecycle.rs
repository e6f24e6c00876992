//! The lifecycle of the example city (授权运营全周期): the year's synthetic usage rated again
//! with `examples/city/lifecycle.toml` enforced (the term, a suspension month, registrations,
//! scenario approvals of free uses), then the use per dataset and per source (来源可溯).

use std::path::Path;

use datafee::lifecycle::lineage::resource_use;
use datafee::lifecycle::Lifecycle;
use datafee::rating::{Rater, RaterOptions};
use datafee::scenario::{tariff_for_year, ChainResult, ScenarioDoc};
use rust_decimal::Decimal;

use crate::year::UsageGenerator;

type Fallible<T> = Result<T, Box<dyn std::error::Error>>;

/// Rate the first year under the lifecycle and print the rejections and the use per source.
pub fn run_lifecycle(doc: &ScenarioDoc, chain: &ChainResult, path: &Path) -> Fallible<()> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let lc: Lifecycle = datafee::doc::from_toml(&text).map_err(|e| format!("{}: [{}] {e}", path.display(), e.code()))?;
    let year = doc.first_year;
    let mut tariff = tariff_for_year(doc, chain, year)?.tariff;
    tariff.lifecycle = Some(lc.clone());
    println!();
    println!("LIFECYCLE 授权运营全周期, {year}: the same synthetic usage, rated with the lifecycle enforced");
    println!("{}", "-".repeat(110));
    if let Some(a) = &lc.authorization {
        let t = a.term(lc.max_term_years)?;
        println!(
            "authorization {} → {}: [{}, {}) ({} years), signed {}",
            a.authority,
            a.operator,
            t.start,
            t.end,
            a.term_years,
            a.signed.map_or("-".into(), |d| d.to_string())
        );
        for s in &a.suspensions {
            println!("  suspended (暂停执行) [{}, {}): {}", s.start, s.end, s.reason.as_deref().unwrap_or(""));
        }
    }
    println!("approvals (一场景一授权): {} (required for free uses only)", lc.approvals.as_ref().map_or(0, Vec::len));
    let mut rater = Rater::new(&tariff, RaterOptions { keep_records: false, explain: false })?;
    // Free uses are made by the public bodies holding approvals; one commercial customer claims
    // a public-welfare use it was never approved for.
    for mut r in UsageGenerator::new(doc, year, 20_260_101, Decimal::new(104, 2))? {
        match r.scenario.as_str() {
            "governance" => r.customer = "urban-management-bureau".into(),
            "welfare" if r.customer != "cust-007" => r.customer = "civil-affairs-bureau".into(),
            _ => {}
        }
        rater.push(&r)?;
    }
    let rated = rater.finish()?;
    println!(
        "records in {}  =  rated {} (charged {}, free {})  +  rejected {}",
        rated.counts.records_in, rated.counts.rated, rated.counts.charged, rated.counts.free, rated.counts.rejected
    );
    let reasons: Vec<String> = rated.counts.rejections_by_reason.iter().filter(|(_, &c)| c > 0).map(|(r, c)| format!("{r} {c}")).collect();
    println!("rejected by reason: {}", reasons.join(", "));
    println!("revenue under the lifecycle: subtotal {}  total {}", rated.totals.subtotal, rated.totals.total);

    let ru = resource_use(&tariff.catalog, &rated.products, &tariff.rounding)?;
    println!();
    println!("RESOURCE USE 资源使用情况 (来源可溯、去向可查): per dataset and per source unit; revenue split equally over a product's datasets");
    println!("{:<12} {:<48} {:>10} {:>10} {:>12} {:>14}", "dataset", "name", "charged", "free", "quantity", "revenue");
    for d in &ru.datasets {
        println!("{:<12} {:<48} {:>10} {:>10} {:>12} {:>14}", d.id, d.name, d.charged_records, d.free_records, d.quantity, d.revenue);
    }
    println!("{:<12} {:<48} {:>10} {:>10} {:>12} {:>14}", "source", "name", "charged", "free", "quantity", "revenue");
    for s in &ru.sources {
        println!("{:<12} {:<48} {:>10} {:>10} {:>12} {:>14}", s.id, s.name, s.charged_records, s.free_records, s.quantity, s.revenue);
    }
    println!("unattributed (products with no dataset or source) {}   Σ product revenue {}", ru.unattributed_revenue, ru.total_revenue);
    Ok(())
}
