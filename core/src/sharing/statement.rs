//! The allocation statement (收益分配账单) of a period: per party, the revenue basis, taxes, cost
//! recovered, profit, remainder share, in-kind offsets (数据激励), the amount remitted and where it
//! goes (which treasury level, 缴入国库级次).
//!
//! The statement is **built from the results** of the sharing operations, never from figures
//! derived again: `sharing` is either a `two_layer` input (六安's two layers on the period's
//! revenue, [`super::two_layer::two_layer`]) or a `settlement` input (the same on collected cash,
//! [`super::settlement::settle`]); that operation runs, and each line of the statement copies its
//! figures:
//!
//! - a **layer-1 unit** (行政事业单位): revenue basis = the product's revenue shared, taxes = its
//!   related taxes (相关税费), share = what it remits (gross − related taxes), paid to its treasury
//!   level;
//! - a **layer-2 party** (运营机构, 合伙人): revenue basis = the operator's remainder (layer 2's
//!   revenue), cost recovered, profit and remainder share from the layer-2 waterfall, share = its
//!   total; the operator's line carries the operator's part of the product's taxes (taxes −
//!   Σ units' related taxes), borne before layer 2. The operator's share is retained, a partner's
//!   paid.
//!
//! Per product, to the cent: `Σ share + taxes = revenue shared` (checked). Per party over the
//! period, in-kind support (see [`super::in_kind`]) is set against a unit's share:
//! `in_kind_offset + remitted = share`, any excess carried forward.
//!
//! Rendered as JSON (the serde form), CSV, Markdown and HTML through [`Disclose`], and as .xlsx
//! by `datafee_xlsx::statement_to_xlsx` from the same tables.
//!
//! Limits: those of the operation underneath ([`super::settlement::MAX_SETTLEMENT_PRODUCTS`],
//! [`super::settlement::MAX_SETTLEMENT_PARTIES`]) and [`super::in_kind::MAX_IN_KIND`].
//!
//! ```
//! use serde_json::json;
//! let out = datafee::api::call("sharing.statement", json!({
//!   "period": {"from": "2026-01-01", "to": "2026-03-31"},
//!   "sharing": {"two_layer": {"product": "p1", "revenue": "1000.00", "tax_basis": "vat_exclusive",
//!     "vat_rate": "0.06", "surcharge_rate": "0",
//!     "layer1": [{"id": "bureau", "ratio": "0.10", "treasury": "city"}],
//!     "layer2": {"parties": [{"id": "op", "kind": "operator", "ratio": "1"}], "method": "fixed_ratios"}}},
//!   "in_kind": [{"unit": "bureau", "kind": "service", "basis": "cost", "amount": "30.00", "date": "2026-02-01"}]}))?;
//! assert_eq!(out["parties"][0]["share"], "100.00");
//! assert_eq!(out["parties"][0]["in_kind_offset"], "30.00");
//! assert_eq!(out["parties"][0]["remitted"], "70.00");
//! assert_eq!(out["treasury"]["city"], "70.00");
//! # Ok::<(), datafee::Error>(())
//! ```

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::chain_waterfall::TaxBasis;
use super::in_kind::{self, CarriedIn, InKindSupport};
use super::settlement::{settle, Period, SettlementInput};
use super::two_layer::{two_layer, TreasuryLevel, TwoLayer, TwoLayerInput};
use super::waterfall::PartyKind;
use crate::disclosure::render::Format;
use crate::disclosure::table::{Disclose, Table, Tables};
use crate::error::{Error, Result, ResultExt};
use crate::explain::Explanation;
use crate::money::{add, sub, Amount};

/// The sharing operation a statement is built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum StatementSource {
    /// One product's two layers on the period's revenue (`sharing.two_layer`).
    TwoLayer(TwoLayerInput),
    /// The period's settlement on collected cash (`sharing.settlement`); its period must be the
    /// statement's.
    Settlement(SettlementInput),
}

/// The input of `sharing.statement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StatementInput {
    /// The period (结算期), both days included.
    pub period: Period,
    /// The sharing operation whose result the statement reports.
    pub sharing: StatementSource,
    /// In-kind support to layer-1 units in the period, valued (数据激励).
    #[serde(default)]
    pub in_kind: Vec<InKindSupport>,
    /// In-kind value carried from the previous period, per unit.
    #[serde(default)]
    pub carried_in: Vec<CarriedIn>,
    /// The output format (default JSON).
    #[serde(default)]
    pub format: Format,
}

/// Who a statement line is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Payee {
    /// A layer-1 unit (行政事业单位): its share is non-tax revenue remitted to a treasury.
    Unit,
    /// The operator (运营机构): its share is retained.
    Operator,
    /// A partner (合伙人): its share is paid by the operator.
    Partner,
}

/// One party's share of one product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StatementLine {
    /// The product.
    pub product: String,
    /// The party.
    pub party: String,
    /// Its name.
    pub name: String,
    /// Unit, operator or partner.
    pub payee: Payee,
    /// The revenue its share is computed on: the product's revenue (a unit) or the operator's
    /// remainder (layer 2).
    pub revenue_basis: Amount,
    /// A unit's related taxes; on the operator's line, the operator's part of the taxes.
    pub taxes: Amount,
    /// Cost recovered (layer 2).
    pub cost_recovered: Amount,
    /// The operator's reasonable profit (layer 2).
    pub profit: Amount,
    /// Share of the remainder (layer 2).
    pub remainder_share: Amount,
    /// Its share of the product: a unit's remittance before offsets, a layer-2 party's total.
    pub share: Amount,
}

/// One party over the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PartyStatement {
    /// The party.
    pub party: String,
    /// Its name (as first listed).
    pub name: String,
    /// Unit, operator or partner.
    pub payee: Payee,
    /// A unit's treasury level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub treasury: Option<TreasuryLevel>,
    /// Σ revenue basis over its lines.
    pub revenue_basis: Amount,
    /// Σ taxes over its lines.
    pub taxes: Amount,
    /// Σ cost recovered.
    pub cost_recovered: Amount,
    /// Σ profit.
    pub profit: Amount,
    /// Σ remainder share.
    pub remainder_share: Amount,
    /// Σ share over the products.
    pub share: Amount,
    /// In-kind support valued in the period.
    pub in_kind_valued: Amount,
    /// In-kind value carried in.
    pub carried_in: Amount,
    /// Set against the share: `min(valued + carried_in, share)`.
    pub in_kind_offset: Amount,
    /// Remitted (a unit, to its treasury), retained (the operator) or paid (a partner): share − offset.
    pub remitted: Amount,
    /// In-kind value beyond the share, carried to the next period.
    pub carried_forward: Amount,
}

/// One product's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StatementProduct {
    /// The product.
    pub product: String,
    /// Revenue billed (the revenue shared, for a `two_layer` source).
    pub billed: Amount,
    /// Revenue shared (collected, for a settlement).
    pub revenue: Amount,
    /// Billed but not collected: not shared.
    pub uncollected: Amount,
    /// What the revenue includes.
    pub tax_basis: TaxBasis,
    /// VAT deducted.
    pub vat: Amount,
    /// Surcharges.
    pub surcharges: Amount,
    /// VAT + surcharges.
    pub taxes: Amount,
    /// Σ layer-1 shares (before offsets).
    pub layer1: Amount,
    /// The operator's remainder: layer 2's revenue.
    pub operator_remainder: Amount,
}

/// Which operation the statement was built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// `sharing.two_layer`.
    TwoLayer,
    /// `sharing.settlement`.
    Settlement,
}

/// The allocation statement (收益分配账单).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Statement {
    /// The period.
    pub period: Period,
    /// The operation underneath.
    pub source: SourceKind,
    /// Per product, in input order.
    pub products: Vec<StatementProduct>,
    /// Per product then party (units, then layer 2), in input order.
    pub lines: Vec<StatementLine>,
    /// Per party, in order of first appearance.
    pub parties: Vec<PartyStatement>,
    /// The in-kind support valued, as given.
    pub in_kind: Vec<InKindSupport>,
    /// Remitted per treasury level, after in-kind offsets.
    pub treasury: BTreeMap<TreasuryLevel, Amount>,
    /// Σ revenue shared.
    pub revenue: Amount,
    /// Σ taxes.
    pub taxes: Amount,
    /// Σ shares: revenue − taxes.
    pub shares: Amount,
    /// Σ in-kind offsets.
    pub in_kind_offset: Amount,
    /// Σ remitted, retained and paid: shares − offsets.
    pub remitted: Amount,
    /// Σ carried forward.
    pub carried_forward: Amount,
    /// How the statement was made.
    pub explanation: Explanation,
}

fn zero() -> Amount {
    Amount::new(Decimal::new(0, 2))
}

fn plus(a: &mut Amount, b: Amount, field: &str) -> Result<()> {
    *a = Amount::new(add(a.get(), b.get(), field)?);
    Ok(())
}

fn level_name(l: TreasuryLevel) -> &'static str {
    match l {
        TreasuryLevel::City => "city",
        TreasuryLevel::Province => "province",
        TreasuryLevel::Central => "central",
    }
}

/// `"city treasury 市级国库"`.
pub fn treasury_label(l: TreasuryLevel) -> &'static str {
    match l {
        TreasuryLevel::City => "city treasury 市级国库",
        TreasuryLevel::Province => "provincial treasury 省级国库",
        TreasuryLevel::Central => "central treasury 中央国库",
    }
}

/// `"unit 行政事业单位"`.
pub fn payee_label(p: Payee) -> &'static str {
    match p {
        Payee::Unit => "unit 行政事业单位",
        Payee::Operator => "operator 运营机构",
        Payee::Partner => "partner 合伙人",
    }
}

/// Where a party's amount goes.
pub fn paid_to(p: &PartyStatement) -> String {
    match (p.payee, p.treasury) {
        (Payee::Unit, Some(l)) => treasury_label(l).to_string(),
        (Payee::Unit, None) => String::new(),
        (Payee::Operator, _) => "retained 运营机构留存".into(),
        (Payee::Partner, _) => "paid to the partner 支付合伙人".into(),
    }
}

struct Sourced<'a> {
    product: &'a TwoLayer,
    billed: Amount,
    uncollected: Amount,
    /// Field prefix of the product's two-layer input.
    field: String,
}

/// Build the statement: run the sharing operation, copy its figures per line, add up per party,
/// set in-kind support against units' shares.
///
/// Errors: those of the operation underneath, under `sharing.two_layer` or `sharing.settlement`;
/// a period ending before it starts (`period.to`) or differing from the settlement's
/// (`sharing.settlement.period`); a party listed with two kinds or two treasury levels
/// ([`Error::Invalid`] at its line's field); the in-kind checks of [`in_kind::check`].
pub fn statement(i: &StatementInput) -> Result<Statement> {
    if i.period.to < i.period.from {
        return Err(Error::invalid("period.to", i.period.to, "the period ends on or after its first day"));
    }
    let (source, single, settled) = match &i.sharing {
        StatementSource::TwoLayer(t) => (SourceKind::TwoLayer, Some(two_layer(t).within("sharing.two_layer")?), None),
        StatementSource::Settlement(s) => {
            if s.period != i.period {
                return Err(Error::invalid(
                    "sharing.settlement.period",
                    format!("{} – {}", s.period.from, s.period.to),
                    format!("the statement's period {} – {}", i.period.from, i.period.to),
                ));
            }
            (SourceKind::Settlement, None, Some(settle(s).within("sharing.settlement")?))
        }
    };
    let mut sourced: Vec<Sourced> = Vec::new();
    if let Some(p) = &single {
        sourced.push(Sourced { product: p, billed: p.revenue, uncollected: zero(), field: "sharing.two_layer".into() });
    }
    if let Some(st) = &settled {
        for (k, p) in st.products.iter().enumerate() {
            sourced.push(Sourced {
                product: &p.sharing,
                billed: p.billed,
                uncollected: p.uncollected,
                field: format!("sharing.settlement.products[{k}].sharing"),
            });
        }
    }

    let mut products = Vec::with_capacity(sourced.len());
    let mut lines = Vec::new();
    let mut parties: Vec<PartyStatement> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let (mut revenue, mut taxes, mut shares) = (zero(), zero(), zero());
    for s in &sourced {
        let p = s.product;
        let f = s.field.as_str();
        let mut layer1 = zero();
        let mut related = zero();
        let mut product_lines = Vec::with_capacity(p.layer1.len() + p.layer2.parties.len());
        for (j, u) in p.layer1.iter().enumerate() {
            plus(&mut layer1, u.remitted, f)?;
            plus(&mut related, u.related_taxes, f)?;
            product_lines.push((
                format!("{f}.layer1[{j}]"),
                Some(u.treasury),
                StatementLine {
                    product: p.product.clone(),
                    party: u.id.clone(),
                    name: u.name.clone(),
                    payee: Payee::Unit,
                    revenue_basis: p.revenue,
                    taxes: u.related_taxes,
                    cost_recovered: zero(),
                    profit: zero(),
                    remainder_share: zero(),
                    share: u.remitted,
                },
            ));
        }
        let operator_taxes = Amount::new(sub(p.taxes.get(), related.get(), f)?);
        for (j, q) in p.layer2.parties.iter().enumerate() {
            let payee = match q.kind {
                PartyKind::Operator => Payee::Operator,
                _ => Payee::Partner,
            };
            product_lines.push((
                format!("{f}.layer2.parties[{j}]"),
                None,
                StatementLine {
                    product: p.product.clone(),
                    party: q.id.clone(),
                    name: q.name.clone(),
                    payee,
                    revenue_basis: p.operator_remainder,
                    taxes: if payee == Payee::Operator { operator_taxes } else { zero() },
                    cost_recovered: q.cost_recovered,
                    profit: q.profit,
                    remainder_share: q.remainder_share,
                    share: q.total,
                },
            ));
        }
        // The invariant, checked: Σ shares + taxes = revenue shared.
        let mut product_shares = zero();
        for (_, _, l) in &product_lines {
            plus(&mut product_shares, l.share, f)?;
        }
        if add(product_shares.get(), p.taxes.get(), f)? != p.revenue.get() {
            return Err(Error::invalid(f, product_shares, "internal check failed: Σ shares + taxes ≠ revenue"));
        }
        for (field, level, l) in product_lines {
            let k = match index.get(&l.party) {
                Some(&k) => {
                    let e = parties.get(k).ok_or_else(|| Error::invalid(field.clone(), &l.party, "internal index"))?;
                    if e.payee != l.payee || e.treasury != level {
                        return Err(Error::invalid(field, &l.party, "a party has one kind (unit, operator or partner) and one treasury level in a statement"));
                    }
                    k
                }
                None => {
                    index.insert(l.party.clone(), parties.len());
                    parties.push(PartyStatement {
                        party: l.party.clone(),
                        name: l.name.clone(),
                        payee: l.payee,
                        treasury: level,
                        revenue_basis: zero(),
                        taxes: zero(),
                        cost_recovered: zero(),
                        profit: zero(),
                        remainder_share: zero(),
                        share: zero(),
                        in_kind_valued: zero(),
                        carried_in: zero(),
                        in_kind_offset: zero(),
                        remitted: zero(),
                        carried_forward: zero(),
                    });
                    parties.len() - 1
                }
            };
            if let Some(e) = parties.get_mut(k) {
                plus(&mut e.revenue_basis, l.revenue_basis, &field)?;
                plus(&mut e.taxes, l.taxes, &field)?;
                plus(&mut e.cost_recovered, l.cost_recovered, &field)?;
                plus(&mut e.profit, l.profit, &field)?;
                plus(&mut e.remainder_share, l.remainder_share, &field)?;
                plus(&mut e.share, l.share, &field)?;
            }
            lines.push(l);
        }
        plus(&mut revenue, p.revenue, "revenue")?;
        plus(&mut taxes, p.taxes, "taxes")?;
        plus(&mut shares, product_shares, "shares")?;
        products.push(StatementProduct {
            product: p.product.clone(),
            billed: s.billed,
            revenue: p.revenue,
            uncollected: s.uncollected,
            tax_basis: p.tax_basis,
            vat: p.vat,
            surcharges: p.surcharges,
            taxes: p.taxes,
            layer1,
            operator_remainder: p.operator_remainder,
        });
    }

    let is_unit = |id: &str| index.get(id).and_then(|&k| parties.get(k)).is_some_and(|p| p.payee == Payee::Unit);
    in_kind::check(&i.in_kind, &i.carried_in, &i.period, is_unit)?;
    let mut valued: HashMap<&str, Amount> = HashMap::new();
    for (k, s) in i.in_kind.iter().enumerate() {
        plus(valued.entry(s.unit.as_str()).or_insert_with(zero), s.amount, &format!("in_kind[{k}].amount"))?;
    }
    let carried: HashMap<&str, Amount> = i.carried_in.iter().map(|c| (c.unit.as_str(), c.amount)).collect();
    let (mut offsets, mut remitted, mut forward) = (zero(), zero(), zero());
    let mut treasury: BTreeMap<TreasuryLevel, Amount> = BTreeMap::new();
    for p in &mut parties {
        let v = valued.get(p.party.as_str()).copied().unwrap_or_else(zero);
        let c = carried.get(p.party.as_str()).copied().unwrap_or_else(zero);
        let o = in_kind::offset(p.share, v, c, &p.party)?;
        p.in_kind_valued = v;
        p.carried_in = c;
        p.in_kind_offset = o.offset;
        p.remitted = o.remitted;
        p.carried_forward = o.carried_forward;
        plus(&mut offsets, o.offset, "in_kind_offset")?;
        plus(&mut remitted, o.remitted, "remitted")?;
        plus(&mut forward, o.carried_forward, "carried_forward")?;
        if let (Payee::Unit, Some(l)) = (p.payee, p.treasury) {
            plus(treasury.entry(l).or_insert_with(zero), o.remitted, "treasury")?;
        }
    }
    let explanation = Explanation::new(
        "sharing.statement",
        "Allocation statement 收益分配账单 (六安: 扣除相关税费后…上缴市财政; 大冶: 通过技术、产品和服务、收益等方式支持部门)",
        "lines copied from the sharing result; per party: in_kind_offset = min(valued + carried_in, share); remitted = share − in_kind_offset; carried_forward = the rest",
    )
    .input("source", match source {
        SourceKind::TwoLayer => "sharing.two_layer",
        SourceKind::Settlement => "sharing.settlement",
    })
    .input("period", format!("{} – {}", i.period.from, i.period.to))
    .input("revenue shared", revenue)
    .input("taxes", taxes)
    .input("in-kind items", i.in_kind.len())
    .result(format!("shares {shares} = revenue − taxes; offsets {offsets} + remitted {remitted} = shares"))
    .rounding("no rounding here: every figure is the sharing operation's own, to the cent")
    .note(
        treasury
            .iter()
            .map(|(l, a)| format!("{} {a}", level_name(*l)))
            .collect::<Vec<_>>()
            .join(", "),
    );
    Ok(Statement {
        period: i.period,
        source,
        products,
        lines,
        parties,
        in_kind: i.in_kind.clone(),
        treasury,
        revenue,
        taxes,
        shares,
        in_kind_offset: offsets,
        remitted,
        carried_forward: forward,
        explanation,
    })
}

fn tax_basis_label(t: TaxBasis) -> &'static str {
    match t {
        TaxBasis::VatExclusive => "VAT-exclusive 不含增值税",
        TaxBasis::VatInclusive => "VAT-inclusive 含增值税",
    }
}

impl Disclose for Statement {
    fn tables(&self) -> Tables {
        let s = |a: Amount| a.to_string();
        let mut parties = Table::new("statement_parties", "Allocation statement by party", "收益分配账单")
            .text("party", "Party", "分配对象")
            .text("name", "Name", "名称")
            .text("payee", "Kind", "类别")
            .num("revenue_basis", "Revenue basis", "收入基数")
            .num("taxes", "Taxes", "税费")
            .num("cost_recovered", "Cost recovered", "成本回收")
            .num("profit", "Profit", "合理利润")
            .num("remainder_share", "Remainder share", "剩余收益分配")
            .num("share", "Share", "应分金额")
            .num("in_kind_offset", "In-kind offset", "实物支持抵减")
            .num("remitted", "Remitted or paid", "实缴金额")
            .text("paid_to", "Paid to", "缴入或支付")
            .num("carried_forward", "In-kind carried forward", "结转下期")
            .note("remitted = share − in-kind offset; a unit's remittance is non-tax revenue to its treasury level (非税收入缴库). 实缴金额 = 应分金额 − 实物支持抵减。")
            .note("A layer-2 line's revenue basis is the operator's remainder, after the operator's part of the taxes (shown on the operator's line). 第二层以运营机构剩余收入为基数。");
        for p in &self.parties {
            parties.push(vec![
                p.party.clone(),
                p.name.clone(),
                payee_label(p.payee).into(),
                s(p.revenue_basis),
                s(p.taxes),
                s(p.cost_recovered),
                s(p.profit),
                s(p.remainder_share),
                s(p.share),
                s(p.in_kind_offset),
                s(p.remitted),
                paid_to(p),
                s(p.carried_forward),
            ]);
        }
        let mut lines = Table::new("statement_lines", "Shares by product and party", "分产品分配明细")
            .text("product", "Product", "产品")
            .text("party", "Party", "分配对象")
            .text("payee", "Kind", "类别")
            .num("revenue_basis", "Revenue basis", "收入基数")
            .num("taxes", "Taxes", "税费")
            .num("cost_recovered", "Cost recovered", "成本回收")
            .num("profit", "Profit", "合理利润")
            .num("remainder_share", "Remainder share", "剩余收益分配")
            .num("share", "Share", "应分金额");
        for l in &self.lines {
            lines.push(vec![
                l.product.clone(),
                l.party.clone(),
                payee_label(l.payee).into(),
                s(l.revenue_basis),
                s(l.taxes),
                s(l.cost_recovered),
                s(l.profit),
                s(l.remainder_share),
                s(l.share),
            ]);
        }
        let mut products = Table::new("statement_products", "Revenue and taxes by product", "产品收入与税费")
            .text("product", "Product", "产品")
            .num("billed", "Billed", "应收")
            .num("revenue", "Revenue shared", "分配收入")
            .num("uncollected", "Uncollected", "应收未收")
            .text("tax_basis", "Tax basis", "计税口径")
            .num("vat", "VAT", "增值税")
            .num("surcharges", "Surcharges", "附加税费")
            .num("taxes", "Taxes", "税费合计")
            .num("layer1", "Layer 1 (units)", "第一层 行政事业单位")
            .num("operator_remainder", "Operator's remainder", "运营机构剩余收入")
            .note("Σ shares + taxes = revenue shared, per product. 各产品应分金额合计 + 税费 = 分配收入。");
        for p in &self.products {
            products.push(vec![
                p.product.clone(),
                s(p.billed),
                s(p.revenue),
                s(p.uncollected),
                tax_basis_label(p.tax_basis).into(),
                s(p.vat),
                s(p.surcharges),
                s(p.taxes),
                s(p.layer1),
                s(p.operator_remainder),
            ]);
        }
        let mut support = Table::new("in_kind_support", "In-kind support valued", "数据激励 实物支持估值")
            .text("unit", "Unit", "受支持单位")
            .text("kind", "Support", "支持方式")
            .text("description", "Description", "内容")
            .text("basis", "Valuation basis", "估值依据")
            .num("amount", "Value", "估值金额")
            .text("date", "Valuation date", "估值日期")
            .text("reference", "Reference", "凭据")
            .note("大冶: 运营机构可依法合规通过技术、产品和服务、收益等方式,支持部门数据治理和服务能力建设. Value beyond the share is carried forward. 超出应分金额部分结转下期。");
        for x in &self.in_kind {
            support.push(vec![
                x.unit.clone(),
                x.kind.label().into(),
                x.description.clone(),
                x.basis.label().into(),
                s(x.amount),
                x.date.to_string(),
                x.reference.clone().unwrap_or_default(),
            ]);
        }
        let mut treasury =
            Table::new("treasury", "Remitted by treasury level", "分级缴库").text("level", "Treasury level", "国库级次").num("amount", "Remitted", "缴库金额");
        for (l, a) in &self.treasury {
            treasury.push(vec![treasury_label(*l).into(), s(*a)]);
        }
        let totals = Table::key_values(
            "statement_totals",
            "Totals",
            "合计",
            vec![
                ("Revenue shared 分配收入".into(), s(self.revenue)),
                ("Taxes 税费".into(), s(self.taxes)),
                ("Shares 应分金额".into(), s(self.shares)),
                ("In-kind offsets 实物支持抵减".into(), s(self.in_kind_offset)),
                ("Remitted, retained or paid 实缴金额".into(), s(self.remitted)),
                ("Carried forward 结转下期".into(), s(self.carried_forward)),
            ],
        );
        Tables {
            en: "Revenue allocation statement".into(),
            zh: "收益分配账单".into(),
            meta: vec![
                ("Period 结算期".into(), format!("{} – {}", self.period.from, self.period.to)),
                (
                    "Built from 依据".into(),
                    match self.source {
                        SourceKind::TwoLayer => "sharing.two_layer 两层分配".into(),
                        SourceKind::Settlement => "sharing.settlement 按实收结算".into(),
                    },
                ),
            ],
            tables: vec![parties, lines, products, support, treasury, totals],
        }
    }
}

#[cfg(test)]
mod tests;
