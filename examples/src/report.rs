//! The plain-text report of the pricing chain (定价程序) for the terminal: maximum permitted
//! revenue (最高准许收入), upper fee standards (上限收费标准), fee verdicts and one working
//! paper (底稿).
//!
//! Shared: the example city prints it, and the command line (`datafee run`, `cli/`) includes
//! this file as its `report` module.

use std::fmt::Write;

use datafee::profile::{CapBasis, FreeCostRecovery};
use datafee::scenario::{ChainResult, ScenarioDoc};

/// `writeln!` into the report text (writing into a `String` cannot fail).
macro_rules! w {
    ($o:expr) => {{
        let _ = writeln!($o);
    }};
    ($o:expr, $($arg:tt)*) => {{
        let _ = writeln!($o, $($arg)*);
    }};
}

fn rule(o: &mut String, width: usize) {
    w!(o, "{}", "-".repeat(width));
}

/// Truncate a name to `n` characters for a table column.
fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('~');
        t
    }
}

/// The chain as text: MPR blocks, the caps of `year` (default: the first year with caps; paid
/// and free), fee verdicts and the working paper of the first paid cap.
pub fn chain_text(doc: &ScenarioDoc, r: &ChainResult, year: Option<i32>) -> String {
    let mut text = String::new();
    let o = &mut text;
    w!(o, "datafee: {}", r.name);
    if let Some(n) = &doc.note {
        w!(o, "note: {n}");
    }
    w!(o, "profile: {}   stage: {:?}   profit method: {}", r.profile, r.stage, r.mpr.profit_method);
    w!(o);
    // The scope the profile put in the MPR, in words (DESIGN.md "Scope of the MPR").
    let recovery = doc.profile.free_cost_recovery;
    let scope = match recovery {
        FreeCostRecovery::ChargeableOnly => "chargeable use only; the cost of free public services (公益服务成本) beside it",
        FreeCostRecovery::FromPaid => "CROSS-SUBSIDY (free_cost_recovery = from_paid): every cost, the free uses' included, recovered from paying users",
        FreeCostRecovery::BudgetFunded => "legacy budget_funded: every cost in the MPR; the caps take the free uses' cost out of the requirement",
    };
    w!(o, "MAXIMUM PERMITTED REVENUE 最高准许收入 (yuan): {scope}");
    rule(o, 110);
    w!(
        o,
        "{:>6} {:>14} {:>14} {:>12} {:>12} {:>11} {:>11} {:>11} {:>14}",
        "year",
        "cost C",
        "eff. assets",
        "profit P",
        "income tax",
        "surcharges",
        "claw-back",
        "free-use",
        "MPR"
    );
    for y in &r.mpr.years {
        w!(
            o,
            "{:>6} {:>14} {:>14} {:>12} {:>12} {:>11} {:>11} {:>11} {:>14}",
            y.year,
            y.permitted_cost,
            y.effective_assets.get().round_dp(2),
            y.permitted_profit,
            y.income_tax,
            y.surcharges,
            y.clawback,
            y.free_use_cost,
            y.mpr
        );
    }
    rule(o, 110);
    w!(o, "{:>6} {:>101}", "total", r.mpr.total);
    for s in &r.scope {
        match recovery {
            FreeCostRecovery::ChargeableOnly => w!(
                o,
                "  {}: permitted cost {} = chargeable {} (in the MPR) + free public services 公益服务成本 {} (for the budget); effective assets {} of {} chargeable",
                s.year, s.total_cost, s.chargeable_cost, s.free_cost, s.chargeable_assets, s.effective_assets
            ),
            FreeCostRecovery::FromPaid | FreeCostRecovery::BudgetFunded => w!(
                o,
                "  {}: permitted cost {} in the MPR, of which free public services 公益服务成本 {} (chargeable {}); effective assets {} in the MPR",
                s.year, s.total_cost, s.free_cost, s.chargeable_cost, s.effective_assets
            ),
        }
    }
    w!(o, "  claw-back: {}", r.mpr.clawback.explanation.formula);
    w!(o);

    let caps = match year {
        Some(y) => r.caps_for(y),
        None => r.caps.first(),
    };
    let Some(caps) = caps else { return text };
    let year = caps.year;
    let cp = &r.caps_period;
    w!(
        o,
        "UPPER FEE STANDARDS 上限收费标准 for {}-{} ({:?}: {}); Σ requirement {} (Σ MPR {}), Σ cap × volume {}, headroom {}",
        cp.years.0,
        cp.years.1,
        cp.basis,
        cp.explanation.formula,
        cp.requirement,
        r.mpr.total,
        cp.revenue_at_caps,
        cp.headroom
    );
    rule(o, 110);
    w!(o, "{:<4} {:<44} {:<12} {:>10} {:>12} {:>12} {:>10}", "id", "product", "scenario", "volume", "RR_p", "cap", "unit");
    let mut paid = 0;
    let mut free = 0;
    for l in caps.lines.iter().filter(|l| l.chargeable) {
        let p = doc.catalog.product(&l.product);
        let name = p.map_or(l.product.as_str(), |p| p.name.as_str());
        let unit = p.map_or("", |p| p.unit.as_str());
        let cap = l.cap_quoted.map(|c| c.to_string()).unwrap_or_default();
        w!(o, "{:<4} {:<44} {:<12} {:>10} {:>12} {:>12} {:>10}", l.product, short(name, 44), l.scenario, l.volume, l.requirement, cap, format!("/{unit}"));
        paid += 1;
    }
    rule(o, 110);
    for l in caps.lines.iter().filter(|l| !l.chargeable) {
        let name = doc.catalog.product(&l.product).map_or(l.product.as_str(), |p| p.name.as_str());
        w!(
            o,
            "{:<4} {:<44} {:<12} {:>10} {:>12} {:>12}  {}",
            l.product,
            short(name, 44),
            l.scenario,
            l.volume,
            "-",
            "FREE 免费",
            l.free_reason.as_deref().unwrap_or("")
        );
        free += 1;
    }
    rule(o, 110);
    w!(
        o,
        "{paid} chargeable (product, scenario) caps; {free} free uses. RR_p is the pair's requirement for {}; {year}: Σ cap × volume = {}, requirement {}",
        match cp.basis {
            CapBasis::Period => format!("{}-{}", cp.years.0, cp.years.1),
            CapBasis::PerYear => year.to_string(),
        },
        caps.revenue_at_caps,
        caps.requirement
    );
    w!(o);

    w!(
        o,
        "ACTUAL FEES 具体收费标准: {} test against the caps of every year in force{}",
        r.cap_test.name(),
        match r.cap_test {
            datafee::profile::CapTest::Strict => " (every published unit price <= cap: 不高于上限收费标准)",
            datafee::profile::CapTest::Average => " (charge(q) <= cap × q for every q)",
        }
    );
    rule(o, 110);
    for f in &r.fees {
        let verdict = match (&f.verdict.price_breach, &f.verdict.first_breach) {
            _ if f.verdict.compliant => "compliant".to_string(),
            (Some(p), _) => format!("BREAKS the cap: {} = {} > {} ({})", p.field, p.unit_price, p.cap, p.basis),
            (None, Some(b)) => format!("BREAKS the cap at q = {} (charge {} > {})", b.quantity, b.charge, b.cap_times_quantity),
            (None, None) => "BREAKS the cap".to_string(),
        };
        let years = match (f.checks.first(), f.checks.last()) {
            (Some(a), Some(b)) if a.year != b.year => format!("{}-{}", a.year, b.year),
            (Some(a), _) => a.year.to_string(),
            _ => String::new(),
        };
        w!(o, "{:<4} {:<12} {:<9} cap {:>9}  {:<50} {}", f.product, f.scenario, years, f.cap.to_string(), short(&f.description, 50), verdict);
    }
    rule(o, 110);
    w!(o);
    if let Some(l) = caps.lines.iter().find(|l| l.chargeable) {
        if let Some(wp) = r.cap_working_paper(year, &l.product, &l.scenario) {
            o.push_str(&wp.to_text());
        }
    }
    text
}
