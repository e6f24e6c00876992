//! Property tests of the separate cost accounts (单独核算): depreciation, allocation, ledger.

use std::collections::BTreeMap;

use datafee::costs::{
    allocate, allocate_pools, Asset, AssetBalance, AssetKind, CategoryCap, CostAccounts, CostCategory, CostEntry, CostOptions, DepreciationStart, Driver,
    DriverUse, Ledger, Pool, YearMonth,
};
use datafee::{Amount, Quantity, Rate};
use proptest::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

fn cents(n: i64) -> Decimal {
    Decimal::new(n, 2)
}

fn arb_start() -> impl Strategy<Value = DepreciationStart> {
    prop_oneof![Just(DepreciationStart::NextMonth), Just(DepreciationStart::SameMonth)]
}

/// An asset whose cost has `scale` decimals (2 for cents, 3 to probe sub-cent costs).
fn arb_asset() -> impl Strategy<Value = Asset> {
    (0i64..=1_000_000_000, 0u32..=1000, 1u32..=480, 2000i32..=2040, 1u32..=12, any::<bool>(), prop_oneof![Just(2u32), Just(3u32)]).prop_map(
        |(cost, residual_permille, life, year, month, grant, scale)| {
            let cost = Decimal::new(cost, scale);
            let residual = (cost * Decimal::new(i64::from(residual_permille), 3)).round_dp(scale);
            Asset {
                id: "a".into(),
                name: String::new(),
                kind: if grant { AssetKind::Intangible } else { AssetKind::Fixed },
                cost: Amount::new(cost),
                residual: Amount::new(residual),
                life_months: life,
                in_service: YearMonth::new(year, month).unwrap(),
                grant_funded: grant,
                obtained_free: false,
                product: None,
                pool: None,
            }
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Σ yearly charges over the life = cost − residual, exactly; each year within a cent
    /// of its exact share (brute force: months counted one by one).
    #[test]
    fn depreciation_sums_to_depreciable(a in arb_asset(), start in arb_start()) {
        let base = a.cost.get() - a.residual.get();
        let first = YearMonth::new(a.in_service.year(), a.in_service.month()).unwrap().index()
            + i64::from(start == DepreciationStart::NextMonth);
        let last_year = (first + i64::from(a.life_months) - 1).div_euclid(12) as i32;
        let mut total = Decimal::ZERO;
        for year in a.in_service.year()..=last_year + 1 {
            let charge = a.charge(year, start).unwrap().get();
            prop_assert!(charge >= Decimal::ZERO);
            let months = (0..a.life_months).filter(|m| (first + i64::from(*m)).div_euclid(12) == i64::from(year)).count();
            let exact = base * Decimal::from(months as u64) / Decimal::from(a.life_months);
            prop_assert!((charge - exact).abs() <= cents(1), "year {year}: {charge} vs exact {exact}");
            total += charge;
        }
        prop_assert_eq!(total, base);
        prop_assert_eq!(a.charge(last_year + 2, start).unwrap().get(), Decimal::ZERO);
        let s = a.schedule(start).unwrap();
        prop_assert_eq!(s.total.get(), base);
        prop_assert_eq!(s.years.iter().map(|y| y.charge.get()).sum::<Decimal>(), base);
    }

    /// Net book value is never negative, and never below the residual once on the books.
    #[test]
    fn nbv_bounded(a in arb_asset(), start in arb_start()) {
        let s = a.schedule(start).unwrap();
        let mut previous_closing = None;
        for y in &s.years {
            prop_assert!(y.closing_nbv.get() >= a.residual.get());
            prop_assert!(y.closing_nbv.get() <= a.cost.get());
            prop_assert!(y.opening_nbv.get() >= Decimal::ZERO);
            if let Some(p) = previous_closing {
                prop_assert_eq!(y.opening_nbv.get(), p);
            }
            prop_assert_eq!(y.closing_nbv.get(), a.cost.get() - y.accumulated.get());
            previous_closing = Some(y.closing_nbv.get());
        }
        for year in [a.in_service.year() - 1, a.in_service.year() + 50] {
            for b in [AssetBalance::Opening, AssetBalance::Closing, AssetBalance::Average] {
                let v = a.book_value(year, b, start).unwrap().get();
                prop_assert!(v >= Decimal::ZERO);
                if year > a.in_service.year() {
                    prop_assert!(v >= a.residual.get());
                }
            }
        }
    }

    /// allocate(): the parts add up to the total exactly, each within a unit of its exact
    /// share, and the result does not depend on the order of the weights.
    #[test]
    fn allocation_exact_and_order_independent(
        total in -100_000_000i64..=100_000_000,
        weights in prop::collection::vec(0u32..=1000, 1..=12),
        seed in any::<u64>(),
    ) {
        prop_assume!(weights.iter().any(|w| *w > 0));
        let total = Amount::new(cents(total));
        let named: Vec<(String, Decimal)> = weights.iter().enumerate().map(|(i, w)| (format!("p{i:02}"), Decimal::from(*w))).collect();
        let parts = allocate(total, &named).unwrap();
        prop_assert_eq!(parts.iter().map(|p| p.1.get()).sum::<Decimal>(), total.get());
        let wsum: Decimal = named.iter().map(|w| w.1).sum();
        for ((_, w), (_, p)) in named.iter().zip(&parts) {
            let exact = total.get() * *w / wsum;
            prop_assert!((p.get() - exact).abs() < cents(1));
        }
        // a deterministic shuffle from the seed
        let mut shuffled = named.clone();
        let n = shuffled.len();
        let mut s = seed;
        for i in (1..n).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (s >> 33) as usize % (i + 1));
        }
        let again: BTreeMap<String, Amount> = allocate(total, &shuffled).unwrap().into_iter().collect();
        let first: BTreeMap<String, Amount> = parts.into_iter().collect();
        prop_assert_eq!(first, again);
    }

    /// allocate() with exact ties (audit 18): remainders are compared exactly, so a larger
    /// remainder is never passed over and of equal remainders the smaller id gets the unit
    /// first, whatever the weights' scale (including weights past 128 bits once scaled:
    /// 10^12 with 16 decimals) and however many integer digits the quotients have.
    #[test]
    fn allocation_ties_go_to_the_smaller_id(
        cents_total in prop_oneof![1i64..=10_000, 1i64..=100_000_000_000, 999_999_999_999_000i64..=999_999_999_999_999],
        ms in prop::collection::vec(prop_oneof![Just(1i64), Just(2), Just(3), Just(4), Just(6)], 2..=8),
        scale in prop_oneof![Just(0u32), Just(2), Just(4), Just(16)],
        seed in any::<u64>(),
    ) {
        // ids in a shuffled order, so ids and weights are unrelated
        let n = ms.len();
        let mut ids: Vec<usize> = (0..n).collect();
        let mut s = seed;
        for i in (1..n).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ids.swap(i, (s >> 33) as usize % (i + 1));
        }
        // weight m × 10^12 at `scale` decimals (at 16 decimals the mantissa is m × 10^28)
        let named: Vec<(String, Decimal)> = ms
            .iter()
            .zip(&ids)
            .map(|(m, id)| (format!("p{id}/ind"), Decimal::from_i128_with_scale(i128::from(*m) * 10i128.pow(12 + scale), scale)))
            .collect();
        let total = Amount::new(cents(cents_total));
        let parts = allocate(total, &named).unwrap();
        prop_assert_eq!(parts.iter().map(|p| p.1.get()).sum::<Decimal>(), total.get());
        // the exact shares in cents: T·m_i / Σm = floor_i + rem_i / Σm
        let sum: i128 = ms.iter().map(|m| i128::from(*m)).sum();
        let t = i128::from(cents_total);
        let extra: Vec<i128> = ms
            .iter()
            .zip(&parts)
            .map(|(m, p)| (p.1.get() * Decimal::ONE_HUNDRED).to_i128().unwrap() - t * i128::from(*m) / sum)
            .collect();
        let rem: Vec<i128> = ms.iter().map(|m| t * i128::from(*m) % sum).collect();
        for i in 0..n {
            prop_assert!(extra[i] == 0 || extra[i] == 1, "{:?}", parts);
            for j in 0..n {
                let first = rem[i] > rem[j] || (rem[i] == rem[j] && named[i].0 < named[j].0);
                if first {
                    prop_assert!(extra[i] >= extra[j], "{} (rem {}) before {} (rem {}): {:?}", named[i].0, rem[i], named[j].0, rem[j], parts);
                }
            }
        }
    }

    /// Pools: each pool's shares add up to the pool, products add up to direct + pools,
    /// and reversing the driver records changes nothing.
    #[test]
    fn pool_allocation_adds_up(
        pool_cost in 0i64..=10_000_000,
        uses in prop::collection::vec((0usize..6, 0u32..=500), 1..=10),
        direct in prop::collection::vec(0i64..=100_000, 0..=4),
    ) {
        let pools = vec![Pool { id: "x".into(), name: String::new(), driver: Driver::StaffHours }];
        let mut drivers: Vec<DriverUse> = Vec::new();
        for (p, q) in uses {
            let product = format!("p{p}");
            if drivers.iter().all(|d| d.product != product) {
                drivers.push(DriverUse { pool: "x".into(), product, year: None, quantity: Quantity::new(Decimal::from(q)) });
            }
        }
        prop_assume!(drivers.iter().any(|d| !d.quantity.is_zero()));
        let costs = BTreeMap::from([("x".to_string(), Amount::new(cents(pool_cost)))]);
        let direct: BTreeMap<String, Amount> = direct.iter().enumerate().map(|(i, c)| (format!("p{i}"), Amount::new(cents(*c)))).collect();
        let a = allocate_pools(&pools, &drivers, None, &costs, &direct).unwrap();
        let shares: Decimal = a.pools.iter().flat_map(|p| p.shares.iter()).map(|s| s.amount.get()).sum();
        prop_assert_eq!(shares, cents(pool_cost));
        let totals: Decimal = a.products.iter().map(|p| p.total.get()).sum();
        prop_assert_eq!(totals, cents(pool_cost) + direct.values().map(|v| v.get()).sum::<Decimal>());
        drivers.reverse();
        let b = allocate_pools(&pools, &drivers, None, &costs, &direct).unwrap();
        prop_assert_eq!(a.products, b.products);
    }
}

const CATEGORIES: [CostCategory; 12] = [
    CostCategory::OperationMaintenance,
    CostCategory::DataAcquisition,
    CostCategory::DataGovernance,
    CostCategory::Compute,
    CostCategory::Storage,
    CostCategory::Personnel,
    CostCategory::Security,
    CostCategory::Interest,
    CostCategory::Other,
    CostCategory::OtherBusiness,
    CostCategory::Fines,
    CostCategory::Donations,
];

fn arb_entry() -> impl Strategy<Value = CostEntry> {
    (0usize..CATEGORIES.len(), 2025i32..=2026, 0u8..4, 0i64..=1_000_000, 0u32..=100, prop_oneof![Just(None), Just(Some(false)), Just(Some(true))]).prop_map(
        |(c, year, target, amount, subsidy_pct, permitted)| {
            let category = CATEGORIES[c];
            let amount = cents(amount);
            CostEntry {
                id: None,
                category,
                year,
                product: match target {
                    0 => Some("p1".into()),
                    1 => Some("p2".into()),
                    _ => None,
                },
                pool: if target == 2 { Some("x".into()) } else { None },
                scenario_category: None,
                amount: Amount::new(amount),
                permitted: if category.is_never_permitted() && permitted == Some(true) { None } else { permitted },
                subsidy: Amount::new((amount * Decimal::new(i64::from(subsidy_pct), 2)).round_dp(2)),
                note: None,
            }
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Raising any entry's amount never lowers the permitted total (caps or not).
    #[test]
    fn permitted_total_is_monotone(
        entries in prop::collection::vec(arb_entry(), 1..=15),
        pick in any::<prop::sample::Index>(),
        bump in 1i64..=500_000,
        exclude_interest in any::<bool>(),
        capped in any::<bool>(),
    ) {
        let caps = if capped {
            vec![CategoryCap { category: CostCategory::Compute, share_of_assets: Rate::new(Decimal::new(15, 3)) },
                 CategoryCap { category: CostCategory::Personnel, share_of_assets: Rate::new(Decimal::new(1, 2)) }]
        } else { Vec::new() };
        let gross = Amount::new(cents(200_000_000));
        let ledger = Ledger { entries };
        let before = ledger.summary(2026, exclude_interest, &caps, gross).unwrap();
        let mut raised = ledger.clone();
        let i = pick.index(raised.entries.len());
        raised.entries[i].amount = Amount::new(raised.entries[i].amount.get() + cents(bump));
        let after = raised.summary(2026, exclude_interest, &caps, gross).unwrap();
        prop_assert!(after.total_permitted >= before.total_permitted);
        // the identity of every category line, and targets add up to the total
        for s in [&before, &after] {
            for l in &s.by_category {
                prop_assert_eq!(l.permitted.get(), l.claimed.get() - l.subsidy.get() - l.excluded.get() - l.disallowed.get());
                prop_assert!(l.permitted.get() >= Decimal::ZERO);
            }
            prop_assert_eq!(s.by_target.iter().map(|t| t.permitted.get()).sum::<Decimal>(), s.total_permitted.get());
            prop_assert!(s.by_target.iter().all(|t| t.permitted.get() >= Decimal::ZERO));
        }
    }

    /// Year summary: products plus the unallocated overhead add up to the permitted total.
    #[test]
    fn year_summary_products_add_up(
        entries in prop::collection::vec(arb_entry(), 0..=12),
        asset in arb_asset(),
        q1 in 0u32..=50, q2 in 1u32..=50,
        allocate_general in any::<bool>(),
        grant_recoverable in any::<bool>(),
    ) {
        let mut asset = asset;
        asset.pool = Some("x".into());
        let accounts = CostAccounts {
            ledger: Ledger { entries },
            assets: datafee::costs::AssetRegister(vec![asset]),
            pools: vec![Pool { id: "x".into(), name: String::new(), driver: Driver::DataVolume }],
            drivers: vec![
                DriverUse { pool: "x".into(), product: "p1".into(), year: None, quantity: Quantity::new(Decimal::from(q1)) },
                DriverUse { pool: "x".into(), product: "p2".into(), year: None, quantity: Quantity::new(Decimal::from(q2)) },
            ],
        };
        let options = CostOptions { allocate_general, grant_depreciation_recoverable: grant_recoverable, ..CostOptions::default() };
        for year in [2025, 2026, 2040] {
            let y = accounts.year_summary(year, &options).unwrap();
            let products: Decimal = y.products.iter().map(|p| p.total.get()).sum();
            prop_assert_eq!(products + y.unallocated.get(), y.total_permitted.get());
            let by_cat: Decimal = y.by_category.iter().map(|l| l.permitted.get()).sum();
            prop_assert_eq!(by_cat, y.total_permitted.get());
            prop_assert_eq!(y.effective_assets.get(), y.asset_base.get() + y.working_capital.get());
        }
    }
}
