//! `datafee check-fee`: proposed actual fees (具体收费标准) against the caps (上限收费标准) of
//! the years they would be in force, as the chain decides them.

use std::fmt::Write;

use datafee::scenario::{Fee, FeeVerdict};
use serde_json::Value;

use crate::fail::Failure;
use crate::{input, output, CheckFeeArgs, Outcome};

/// Read the proposed fees: one fee object or an array of them.
fn proposed(a: &CheckFeeArgs) -> Result<Vec<Fee>, Failure> {
    let v = input::json(&a.fee)?;
    let fees = match v {
        Value::Array(_) => datafee::doc::from_value::<Vec<Fee>>(v),
        other => datafee::doc::from_value::<Fee>(other).map(|f| vec![f]),
    }
    .map_err(|e| Failure::core(&a.fee, &e))?;
    if fees.is_empty() {
        return Err(Failure::input(&a.fee, "[empty] no fee to check"));
    }
    Ok(fees)
}

/// The verdict text of one fee.
fn verdict_text(o: &mut String, v: &FeeVerdict) {
    let head = format!("{}/{} from {} ({})", v.product, v.scenario, v.effective, v.description);
    if v.verdict.compliant {
        let _ = writeln!(o, "compliant: {head}");
    } else {
        let _ = writeln!(o, "BREACH: {head}");
        let test = v.verdict.test.name();
        if let Some(p) = &v.verdict.price_breach {
            let _ = writeln!(o, "  {} ({test} test): field {}: unit price {} > cap {} ({})", v.year, p.field, p.unit_price, p.cap, p.basis);
        }
        if let Some(b) = &v.verdict.first_breach {
            let _ = writeln!(
                o,
                "  {} ({test} test): field {}: at quantity {} the charge {} > cap {} x billed quantity {} = {}",
                v.year, b.field, b.quantity, b.charge, v.cap, b.billed_quantity, b.cap_times_quantity
            );
        }
    }
    for c in &v.checks {
        let state = match (&c.first_breach, c.compliant) {
            (_, true) => "compliant".to_string(),
            (Some(b), false) => format!("breaches (smallest quantity {}: charge {} > {})", b.quantity, b.charge, b.cap_times_quantity),
            (None, false) => "breaches".to_string(),
        };
        let _ = writeln!(o, "  {}: cap {}: {state}", c.year, c.cap);
    }
}

/// `datafee check-fee`.
pub fn check_fee(a: &CheckFeeArgs) -> Result<Outcome, Failure> {
    let mut doc = input::scenario(&a.scenario)?;
    let fees = proposed(a)?;
    // Where each proposed fee sits in the scenario's fees, to name it in a refusal.
    let mut at = Vec::with_capacity(fees.len());
    for f in &fees {
        let same = |g: &Fee| g.product == f.product && g.scenario == f.scenario && g.effective == f.effective;
        match doc.fees.iter().position(same) {
            Some(i) => {
                doc.fees[i] = f.clone();
                at.push(i);
            }
            None => {
                at.push(doc.fees.len());
                doc.fees.push(f.clone());
            }
        }
    }
    let chain = datafee::scenario::run(&doc).map_err(|e| {
        // A refusal inside a proposed fee names the fee in FEE; anything else is the scenario's.
        let proposed = at.iter().enumerate().find_map(|(j, i)| e.field().strip_prefix(&format!("fees[{i}]")).map(|rest| (j, rest.to_string())));
        match proposed {
            Some((j, rest)) => {
                let field = if fees.len() == 1 { rest.trim_start_matches('.').to_string() } else { format!("[{j}]{rest}") };
                let text = e.to_string();
                let reason = text.strip_prefix(&format!("{}: ", e.field())).unwrap_or(&text);
                Failure::input(&a.fee, format!("[{}] {field}: {reason} (against {})", e.code(), a.scenario.display()))
            }
            None => Failure::core(&a.scenario, &e),
        }
    })?;
    let mut verdicts = Vec::with_capacity(fees.len());
    for f in &fees {
        let v = chain.fees.iter().find(|v| v.product == f.product && v.scenario == f.scenario && v.effective == f.effective);
        match v {
            Some(v) => verdicts.push(v),
            None => return Err(Failure::input(&a.fee, format!("[missing] no verdict for {}/{} from {}", f.product, f.scenario, f.effective))),
        }
    }
    let breach = verdicts.iter().any(|v| !v.verdict.compliant);
    let text = if a.json {
        output::json_text(&serde_json::json!({ "compliant": !breach, "verdicts": verdicts }))?
    } else {
        let mut o = String::new();
        for v in &verdicts {
            verdict_text(&mut o, v);
        }
        let n = verdicts.iter().filter(|v| !v.verdict.compliant).count();
        let _ = writeln!(o, "{} of {} proposed fees break their caps (上限收费标准)", n, verdicts.len());
        o
    };
    output::stdout(&text)?;
    Ok(if breach { Outcome::Breach } else { Outcome::Done })
}
