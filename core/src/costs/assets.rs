//! The asset register (资产台账): depreciation (折旧), amortisation (摊销), net book value and
//! effective assets (有效资产).
//!
//! Platform hardware is a fixed asset (固定资产) and is depreciated; software and data
//! assets are intangible (无形资产) and are amortised. Both are straight-line:
//!
//! ```text
//! monthly charge = (original cost − residual value) / useful life in months
//! ```
//!
//! **When the charge starts.** Chinese practice (当月增加的固定资产当月不提折旧，从下月起计提)
//! starts in the month after the asset enters service: [`DepreciationStart::NextMonth`],
//! the default. [`DepreciationStart::SameMonth`] counts the in-service month in full. The
//! charge runs for `life_months` months and then stops (fully depreciated, 提足折旧后不再计提).
//!
//! **Rounding.** Accumulated depreciation at the end of each year is
//! `(cost − residual) × months charged so far / life_months`, rounded half-up to the cent
//! (四舍五入到分) and never above `cost − residual`; a year's charge is the difference of two
//! accumulated amounts. The year that completes the life takes the exact remainder, so the
//! charges over the whole life add up to exactly `cost − residual`, and no year is off by
//! more than a cent from its exact share.
//!
//! **Net book value** (账面净值) at the closing of year `Y` is `cost − accumulated
//! depreciation`; at the opening of `Y` it is the closing value of `Y − 1`, and zero when the
//! asset enters service during `Y` (it was not on the books at the opening). It never falls
//! below the residual value once the asset is on the books.
//!
//! **Grant-funded assets** (政府投资/补助形成的资产) earn no return: they are always left out of
//! the effective assets. Their depreciation is reported separately; whether it is recoverable
//! is the profile's choice (`grant_depreciation_recoverable`).
//!
//! Assets are not retired in this model: a fully depreciated asset stays on the books at its
//! residual value and in the gross asset value.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{join_path, Error, Result};
use crate::explain::Explanation;
use crate::money::{self, Amount, Rounding};

use super::allocation::at as at_field;
use super::category::CostCategory;
use super::cents_form;
use super::month::{check_year, format_index, YearMonth};
use super::target::{check_id, Target};

/// The most assets a register may hold.
pub const MAX_ASSETS: usize = 10_000;
/// The longest useful life accepted, in months (100 years).
pub const MAX_LIFE_MONTHS: u32 = 1_200;

/// Fixed (depreciated) or intangible (amortised).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AssetKind {
    /// 固定资产: depreciated (折旧).
    Fixed,
    /// 无形资产: amortised (摊销).
    Intangible,
}

crate::unit_enum_reader!(AssetKind, "AssetKind", [Fixed = "fixed", Intangible = "intangible"]);

impl AssetKind {
    /// [`CostCategory::Depreciation`] or [`CostCategory::Amortisation`].
    pub fn category(self) -> CostCategory {
        match self {
            AssetKind::Fixed => CostCategory::Depreciation,
            AssetKind::Intangible => CostCategory::Amortisation,
        }
    }
}

/// The first month charged (see the module doc).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DepreciationStart {
    /// The month after the in-service month (当月增加当月不提，从下月起计提). The default.
    #[default]
    NextMonth,
    /// The in-service month itself, counted in full.
    SameMonth,
}

crate::unit_enum_reader!(DepreciationStart, "DepreciationStart", [NextMonth = "next_month", SameMonth = "same_month"]);

/// Which balance of a year measures the asset base.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AssetBalance {
    /// 年初: the opening balance.
    Opening,
    /// 年末: the closing balance.
    Closing,
    /// 年初年末平均: `(opening + closing) / 2`, not rounded. The default.
    #[default]
    Average,
}

crate::unit_enum_reader!(AssetBalance, "AssetBalance", [Opening = "opening", Closing = "closing", Average = "average"]);

/// One asset (资产).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Asset {
    /// A unique id.
    pub id: String,
    /// A human name.
    #[serde(default)]
    pub name: String,
    /// Fixed or intangible.
    pub kind: AssetKind,
    /// Original cost (原值), non-negative.
    pub cost: Amount,
    /// Residual value (残值), `0 <= residual <= cost`; default 0.
    #[serde(default)]
    pub residual: Amount,
    /// Useful life in months, 1..=[`MAX_LIFE_MONTHS`].
    pub life_months: u32,
    /// The month it entered service (`"2025-03"`).
    pub in_service: YearMonth,
    /// Formed by government investment or grant (政府投资/补助形成): earns no return.
    #[serde(default)]
    pub grant_funded: bool,
    /// Public data obtained without consideration under the authorization and booked as an
    /// intangible (数据资源入表): earns no return (excluded from effective assets, 国有资产流失 would
    /// follow otherwise); its amortisation is recoverable only where the profile says so
    /// (`free_data_amortisation_recoverable`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub obtained_free: bool,
    /// The product it serves alone (exclusive with `pool`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// The shared pool its charge goes into (exclusive with `product`). Neither: general.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool: Option<String>,
}

/// One year of a depreciation schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScheduleYear {
    /// The year.
    pub year: i32,
    /// Months charged in the year.
    pub months: u32,
    /// The year's charge.
    pub charge: Amount,
    /// Accumulated depreciation at the year's end.
    pub accumulated: Amount,
    /// Net book value at the opening.
    pub opening_nbv: Amount,
    /// Net book value at the closing.
    pub closing_nbv: Amount,
}

/// An asset's whole depreciation schedule (折旧计划表).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DepreciationSchedule {
    /// The asset id.
    pub asset: String,
    /// Depreciation or amortisation.
    pub category: CostCategory,
    /// `cost − residual`.
    pub depreciable: Amount,
    /// The exact monthly charge `(cost − residual) / life_months` (before rounding).
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub monthly: Decimal,
    /// The first month charged (`"2025-04"`).
    pub first_month: String,
    /// The last month charged.
    pub last_month: String,
    /// The start rule applied.
    pub start: DepreciationStart,
    /// From the in-service year to the year of the last charge.
    pub years: Vec<ScheduleYear>,
    /// Σ charges (equals `depreciable`).
    pub total: Amount,
    /// The working papers.
    pub explanations: Vec<Explanation>,
}

impl Asset {
    /// Check one asset whose path is `at` (`"[3]"` in a register, `"asset"` alone).
    pub fn validate(&self, at: &str) -> Result<()> {
        let f = |name: &str| join_path(at, name);
        // Fields are written only for an error (`at_field`).
        at_field(check_id(&self.id, ""), || f("id"))?;
        at_field(self.cost.non_negative(""), || f("cost"))?;
        at_field(self.residual.non_negative(""), || f("residual"))?;
        if self.residual > self.cost {
            return Err(Error::out_of_range(f("residual"), self.residual, format!("<= cost {}", self.cost)));
        }
        if !(1..=MAX_LIFE_MONTHS).contains(&self.life_months) {
            return Err(Error::out_of_range(f("life_months"), self.life_months, format!("in 1..={MAX_LIFE_MONTHS}")));
        }
        Target::from_fields(self.product.as_deref(), self.pool.as_deref(), at)?;
        Ok(())
    }

    /// What the charge goes to.
    pub fn target(&self) -> Result<Target> {
        Target::from_fields(self.product.as_deref(), self.pool.as_deref(), "")
    }

    /// `cost − residual`.
    pub fn depreciable(&self) -> Result<Amount> {
        money::sub(self.cost.get(), self.residual.get(), "depreciable").map(Amount::new)
    }

    fn first_index(&self, start: DepreciationStart) -> i64 {
        self.in_service.index() + i64::from(start == DepreciationStart::NextMonth)
    }

    /// Months charged from the first month through December of `year` (0..=life).
    fn months_through(&self, year: i32, start: DepreciationStart) -> u32 {
        let dec = i64::from(year) * 12 + 11;
        let n = (dec - self.first_index(start) + 1).clamp(0, i64::from(self.life_months));
        u32::try_from(n).unwrap_or(0)
    }

    fn accumulated_months(&self, n: u32) -> Result<Decimal> {
        let base = self.depreciable()?.get();
        if n == 0 {
            return Ok(Decimal::ZERO);
        }
        if n >= self.life_months {
            return Ok(base);
        }
        let raw = money::div(money::mul(base, Decimal::from(n), "accumulated")?, Decimal::from(self.life_months), "accumulated")?;
        Ok(Rounding::cents().round(raw)?.min(base))
    }

    /// Accumulated depreciation at the end of `year` (cent-rounded, see the module doc).
    pub fn accumulated_at_end_of(&self, year: i32, start: DepreciationStart) -> Result<Amount> {
        self.validate("asset")?;
        check_year(year, "year")?;
        Ok(cents_form(self.accumulated_months(self.months_through(year, start))?))
    }

    /// The charge for calendar `year` (the asset is validated first, with fields `asset.*`).
    ///
    /// ```
    /// use datafee::costs::{Asset, DepreciationStart};
    /// let a: Asset = datafee::doc::from_json(r#"{"id": "srv", "kind": "fixed", "cost": "1200.00",
    ///   "life_months": 12, "in_service": "2025-03"}"#)?;
    /// // 100.00 a month from 2025-04: nine months in 2025, three in 2026
    /// assert_eq!(a.charge(2025, DepreciationStart::NextMonth)?.to_string(), "900.00");
    /// assert_eq!(a.charge(2026, DepreciationStart::NextMonth)?.to_string(), "300.00");
    /// assert_eq!(a.charge(2025, DepreciationStart::SameMonth)?.to_string(), "1000.00");
    /// # Ok::<(), datafee::Error>(())
    /// ```
    pub fn charge(&self, year: i32, start: DepreciationStart) -> Result<Amount> {
        self.validate("asset")?;
        check_year(year, "year")?;
        let now = self.accumulated_months(self.months_through(year, start))?;
        let before = self.accumulated_months(self.months_through(year - 1, start))?;
        Ok(cents_form(money::sub(now, before, "charge")?))
    }

    /// Net book value (账面净值) of `year` at the chosen balance; zero before the asset is on
    /// the books.
    pub fn book_value(&self, year: i32, balance: AssetBalance, start: DepreciationStart) -> Result<Amount> {
        self.validate("asset")?;
        check_year(year, "year")?;
        let opening = self.nbv_end_of(year - 1, start)?;
        let closing = self.nbv_end_of(year, start)?;
        Ok(match balance {
            AssetBalance::Opening => cents_form(opening),
            AssetBalance::Closing => cents_form(closing),
            AssetBalance::Average => cents_form(money::div(money::add(opening, closing, "average")?, Decimal::TWO, "average")?),
        })
    }

    fn nbv_end_of(&self, year: i32, start: DepreciationStart) -> Result<Decimal> {
        if self.in_service.year() > year {
            return Ok(Decimal::ZERO);
        }
        money::sub(self.cost.get(), self.accumulated_months(self.months_through(year, start))?, "nbv")
    }

    /// The whole schedule, year by year, with net book values.
    pub fn schedule(&self, start: DepreciationStart) -> Result<DepreciationSchedule> {
        self.validate("asset")?;
        let first = self.first_index(start);
        let last = first + i64::from(self.life_months) - 1;
        let depreciable = self.depreciable()?;
        let monthly = money::div(depreciable.get(), Decimal::from(self.life_months), "monthly")?.normalize();
        let last_year = i32::try_from(last.div_euclid(12)).map_err(|_| Error::overflow("asset.life_months", last))?;
        let mut years = Vec::new();
        let mut total = Decimal::ZERO;
        let mut explanations = Vec::new();
        for year in self.in_service.year()..=last_year {
            let months = self.months_through(year, start).saturating_sub(self.months_through(year - 1, start));
            let acc = self.accumulated_months(self.months_through(year, start))?;
            let charge = money::sub(acc, self.accumulated_months(self.months_through(year - 1, start))?, "charge")?;
            total = money::add(total, charge, "total")?;
            let line = ScheduleYear {
                year,
                months,
                charge: cents_form(charge),
                accumulated: cents_form(acc),
                opening_nbv: cents_form(self.nbv_end_of(year - 1, start)?),
                closing_nbv: cents_form(self.nbv_end_of(year, start)?),
            };
            explanations.push(self.charge_explanation(&format!("costs.depreciation.{}.{year}", self.id), year, months, line.charge, start)?);
            years.push(line);
        }
        Ok(DepreciationSchedule {
            asset: self.id.clone(),
            category: self.kind.category(),
            depreciable: cents_form(depreciable.get()),
            monthly,
            first_month: format_index(first),
            last_month: format_index(last),
            start,
            years,
            total: cents_form(total),
            explanations,
        })
    }

    pub(crate) fn charge_explanation(&self, id: &str, year: i32, months: u32, charge: Amount, start: DepreciationStart) -> Result<Explanation> {
        let cat = self.kind.category();
        let mut e = Explanation::new(
            id,
            format!("{} {} of {}", if cat == CostCategory::Depreciation { "Depreciation" } else { "Amortisation" }, cat.chinese(), self.id),
            "charge = round((cost − residual) × months to date / life, 0.01) − same at the previous year end; the last month takes the remainder",
        )
        .input("cost", self.cost)
        .input("residual", cents_form(self.residual.get()))
        .input("life_months", self.life_months)
        .input("in_service", self.in_service)
        .input("months charged in year", months)
        .input("months charged to year end", self.months_through(year, start))
        .result(charge)
        .rounding("half_up to 0.01 on accumulated depreciation");
        e = e.note(match start {
            DepreciationStart::NextMonth => "charged from the month after entering service (当月增加当月不提)",
            DepreciationStart::SameMonth => "charged from the month of entering service",
        });
        if self.grant_funded {
            e = e.note("grant-funded asset (政府投资/补助形成): excluded from effective assets");
        }
        Ok(e)
    }
}

/// One asset's charge in a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AssetCharge {
    /// The asset id.
    pub asset: String,
    /// Depreciation or amortisation.
    pub category: CostCategory,
    /// What the charge goes to.
    pub target: Target,
    /// Whether the asset is grant-funded.
    pub grant_funded: bool,
    /// Months charged in the year.
    pub months: u32,
    /// The charge.
    pub charge: Amount,
}

/// The register's depreciation and amortisation for one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct YearDepreciation {
    /// The year.
    pub year: i32,
    /// Per asset with months charged in the year, in register order.
    pub lines: Vec<AssetCharge>,
    /// Σ charges of fixed assets (折旧).
    pub depreciation: Amount,
    /// Σ charges of intangible assets (摊销).
    pub amortisation: Amount,
    /// Σ charges of assets not grant-funded.
    pub own_funded: Amount,
    /// Σ charges of grant-funded assets.
    pub grant_funded: Amount,
}

/// Net book values of the assets that earn a return (not grant-funded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NetAssets {
    /// Net fixed assets (固定资产净值).
    pub fixed: Amount,
    /// Net intangibles (无形资产净值).
    pub intangible: Amount,
    /// `fixed + intangible`.
    pub total: Amount,
}

/// The asset register. Serialized as a plain list of [`Asset`]s.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct AssetRegister(pub Vec<Asset>);

impl AssetRegister {
    /// Check every asset (fields `[i]...`, prefixed by the caller): residual at most cost,
    /// life in 1..=[`MAX_LIFE_MONTHS`], unique ids, bounded size.
    pub fn validate(&self) -> Result<()> {
        if self.0.len() > MAX_ASSETS {
            return Err(Error::LimitExceeded { field: String::new(), value: self.0.len().to_string(), max: MAX_ASSETS.to_string() });
        }
        let repeat = super::order::first_repeat(&self.0, |a, b| a.id.cmp(&b.id));
        for (i, a) in self.0.iter().enumerate() {
            let at = format!("[{i}]");
            a.validate(&at)?;
            if repeat == Some(i) {
                return Err(Error::DuplicateId { field: format!("{at}.id"), value: a.id.clone() });
            }
        }
        Ok(())
    }

    /// Gross asset value (资产原值) of `year`: Σ original cost of the assets in service by
    /// the year's end, grant-funded ones included. The base of benchmark caps.
    pub fn gross_value(&self, year: i32) -> Result<Amount> {
        check_year(year, "year")?;
        let v = money::sum(self.0.iter().filter(|a| a.in_service.year() <= year).map(|a| a.cost.get()), "gross_assets")?;
        Ok(cents_form(v))
    }

    /// Every asset's charge in `year`, split by kind and by funding.
    pub fn year_depreciation(&self, year: i32, start: DepreciationStart) -> Result<YearDepreciation> {
        self.validate()?;
        self.valid_year_depreciation(year, start)
    }

    /// [`Self::year_depreciation`] of a register already checked by [`Self::validate`] (the
    /// chain checks the accounts once, then sums every year).
    pub(crate) fn valid_year_depreciation(&self, year: i32, start: DepreciationStart) -> Result<YearDepreciation> {
        check_year(year, "year")?;
        let mut out = YearDepreciation {
            year,
            lines: Vec::new(),
            depreciation: cents_form(Decimal::ZERO),
            amortisation: cents_form(Decimal::ZERO),
            own_funded: cents_form(Decimal::ZERO),
            grant_funded: cents_form(Decimal::ZERO),
        };
        for a in &self.0 {
            let months = a.months_through(year, start).saturating_sub(a.months_through(year - 1, start));
            if months == 0 {
                continue;
            }
            let charge = a.charge(year, start)?;
            let add = |x: &mut Amount| -> Result<()> {
                *x = Amount::new(money::add(x.get(), charge.get(), "depreciation")?);
                Ok(())
            };
            match a.kind {
                AssetKind::Fixed => add(&mut out.depreciation)?,
                AssetKind::Intangible => add(&mut out.amortisation)?,
            }
            if a.grant_funded {
                add(&mut out.grant_funded)?
            } else {
                add(&mut out.own_funded)?
            }
            out.lines.push(AssetCharge { asset: a.id.clone(), category: a.kind.category(), target: a.target()?, grant_funded: a.grant_funded, months, charge });
        }
        Ok(out)
    }

    /// Net book values of the assets that earn a return (neither grant-funded nor data obtained
    /// free) at the chosen balance of `year`.
    pub fn net_assets(&self, year: i32, balance: AssetBalance, start: DepreciationStart) -> Result<NetAssets> {
        self.validate()?;
        self.valid_net_assets(year, balance, start)
    }

    /// [`Self::net_assets`] of a register already checked by [`Self::validate`].
    pub(crate) fn valid_net_assets(&self, year: i32, balance: AssetBalance, start: DepreciationStart) -> Result<NetAssets> {
        let mut fixed = Decimal::ZERO;
        let mut intangible = Decimal::ZERO;
        for a in self.0.iter().filter(|a| !a.grant_funded && !a.obtained_free) {
            let v = a.book_value(year, balance, start)?.get();
            match a.kind {
                AssetKind::Fixed => fixed = money::add(fixed, v, "net_fixed_assets")?,
                AssetKind::Intangible => intangible = money::add(intangible, v, "net_intangibles")?,
            }
        }
        let total = money::add(fixed, intangible, "asset_base")?;
        Ok(NetAssets { fixed: cents_form(fixed), intangible: cents_form(intangible), total: cents_form(total) })
    }

    /// Effective assets from the register (有效资产, before the working capital allowance):
    /// the net book value of the assets that are not grant-funded, fixed plus intangible.
    ///
    /// ```
    /// use datafee::costs::{AssetBalance, AssetRegister, DepreciationStart};
    /// let r: AssetRegister = datafee::doc::from_json(r#"[
    ///   {"id": "srv", "kind": "fixed", "cost": "1200.00", "life_months": 12, "in_service": "2024-12"},
    ///   {"id": "gov", "kind": "fixed", "cost": "5000.00", "life_months": 60, "in_service": "2024-12", "grant_funded": true}
    /// ]"#)?;
    /// let closing = r.effective_assets(2025, AssetBalance::Closing, DepreciationStart::NextMonth)?;
    /// assert_eq!(closing.to_string(), "0.00"); // fully depreciated; the grant asset never counts
    /// let avg = r.effective_assets(2025, AssetBalance::Average, DepreciationStart::NextMonth)?;
    /// assert_eq!(avg.to_string(), "600.00");
    /// # Ok::<(), datafee::Error>(())
    /// ```
    pub fn effective_assets(&self, year: i32, balance: AssetBalance, start: DepreciationStart) -> Result<Amount> {
        Ok(self.net_assets(year, balance, start)?.total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(json: &str) -> Asset {
        crate::doc::from_json(json).unwrap()
    }
    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn thirds_add_up() {
        // 100.00 over 36 months from 2025-02 (next-month rule)
        let a = asset(r#"{"id":"a","kind":"intangible","cost":"100.00","life_months":36,"in_service":"2025-01"}"#);
        let s = a.schedule(DepreciationStart::NextMonth).unwrap();
        let charges: Vec<_> = s.years.iter().map(|y| (y.year, y.months, y.charge.get())).collect();
        // accumulated: 11/36 → 30.56, 23/36 → 63.89, 35/36 → 97.22, then 100
        assert_eq!(charges, vec![(2025, 11, d("30.56")), (2026, 12, d("33.33")), (2027, 12, d("33.33")), (2028, 1, d("2.78"))]);
        assert_eq!(s.total.get(), d("100.00"));
        assert_eq!((s.first_month.as_str(), s.last_month.as_str()), ("2025-02", "2028-01"));
        assert_eq!(s.category, CostCategory::Amortisation);
        assert_eq!(s.years[0].opening_nbv.get(), Decimal::ZERO);
        assert_eq!(s.years[3].closing_nbv.get(), Decimal::ZERO);
    }

    #[test]
    fn december_start_and_residual() {
        let a = asset(r#"{"id":"a","kind":"fixed","cost":"1000.00","residual":"40.00","life_months":24,"in_service":"2025-12"}"#);
        let s = a.schedule(DepreciationStart::NextMonth).unwrap();
        assert_eq!(s.years.len(), 3);
        assert_eq!((s.years[0].months, s.years[0].charge.get(), s.years[0].closing_nbv.get()), (0, Decimal::ZERO, d("1000.00")));
        assert_eq!(s.years[1].charge.get(), d("480.00"));
        assert_eq!(s.years[2].closing_nbv.get(), d("40.00"));
        assert_eq!(a.book_value(2030, AssetBalance::Average, DepreciationStart::NextMonth).unwrap().get(), d("40.00"));
        assert_eq!(a.book_value(2026, AssetBalance::Average, DepreciationStart::NextMonth).unwrap().get(), d("760.00"));
    }

    #[test]
    fn sub_cent_cost_never_overshoots() {
        let a = asset(r#"{"id":"a","kind":"fixed","cost":"1.007","life_months":2,"in_service":"2025-11"}"#);
        // 1 month in 2025: round(0.5035) = 0.50; the rest in 2026
        assert_eq!(a.charge(2025, DepreciationStart::NextMonth).unwrap().get(), d("0.50"));
        assert_eq!(a.charge(2026, DepreciationStart::NextMonth).unwrap().get(), d("0.507"));
    }

    #[test]
    fn errors() {
        let cases = [
            (r#"{"id":"a","kind":"fixed","cost":"10","residual":"11","life_months":1,"in_service":"2025-01"}"#, "out_of_range", "asset.residual"),
            (r#"{"id":"a","kind":"fixed","cost":"10","life_months":0,"in_service":"2025-01"}"#, "out_of_range", "asset.life_months"),
            (r#"{"id":"a","kind":"fixed","cost":"-1","life_months":1,"in_service":"2025-01"}"#, "out_of_range", "asset.cost"),
            (r#"{"id":"a","kind":"fixed","cost":"1","life_months":1,"in_service":"2025-01","product":"p","pool":"x"}"#, "invalid", "asset.product"),
        ];
        for (json, code, field) in cases {
            let e = asset(json).validate("asset").unwrap_err();
            assert_eq!((e.code(), e.field()), (code, field), "{json}");
        }
        let r: AssetRegister = crate::doc::from_json(
            r#"[{"id":"a","kind":"fixed","cost":"1","life_months":1,"in_service":"2025-01"},{"id":"a","kind":"fixed","cost":"1","life_months":1,"in_service":"2025-01"}]"#,
        )
        .unwrap();
        let e = r.validate().unwrap_err();
        assert_eq!((e.code(), e.field()), ("duplicate_id", "[1].id"));
    }

    #[test]
    fn register_year() {
        let r: AssetRegister = crate::doc::from_json(
            r#"[{"id":"a","kind":"fixed","cost":"1200.00","life_months":12,"in_service":"2025-06","pool":"x"},
                {"id":"b","kind":"intangible","cost":"600.00","life_months":6,"in_service":"2025-06","grant_funded":true}]"#,
        )
        .unwrap();
        let y = r.year_depreciation(2025, DepreciationStart::NextMonth).unwrap();
        assert_eq!(
            (y.depreciation.get(), y.amortisation.get(), y.own_funded.get(), y.grant_funded.get()),
            (d("600.00"), d("600.00"), d("600.00"), d("600.00"))
        );
        assert_eq!(r.gross_value(2025).unwrap().get(), d("1800.00"));
        assert_eq!(r.gross_value(2024).unwrap().get(), Decimal::ZERO);
        let n = r.net_assets(2025, AssetBalance::Closing, DepreciationStart::NextMonth).unwrap();
        assert_eq!((n.fixed.get(), n.intangible.get()), (d("600.00"), Decimal::ZERO));
    }
}
