//! The tables of a review and of an annual report (报告表格).

use super::adjustments::{Direction, FeeChange};
use super::annual_report::AnnualReport;
use super::table::{bilingual, category_label, opt, yes_no, Disclose, Table, Tables};
use crate::review::{Review, ViolationKind};
use crate::sharing::waterfall::PartyKind;

fn kind_label(k: PartyKind) -> &'static str {
    match k {
        PartyKind::DataSource => "data source 数源单位",
        PartyKind::Operator => "operator 运营机构",
        PartyKind::Partner => "partner 合伙人",
    }
}

/// `"Statistics bureau (bureau)"`, or the id alone when there is no name.
fn party_label(id: &str, name: &str) -> String {
    if name.is_empty() || name == id {
        id.to_string()
    } else {
        format!("{name} ({id})")
    }
}

fn percent(p: Option<rust_decimal::Decimal>) -> String {
    p.map_or_else(|| "undefined (MPR = 0) 不适用".to_string(), |p| format!("{p}%"))
}

/// The review's tables: summary, lines, violations, proposed caps.
pub(crate) fn review_tables(r: &Review) -> Vec<Table> {
    let y = r.year;
    let summary = Table::key_values(
        "review",
        "Deviation from the maximum permitted revenue",
        "收入偏差（定期评估）",
        vec![
            ("MPR 最高准许收入".into(), r.mpr.to_string()),
            ("Actual revenue 实际收费收入".into(), r.actual_revenue.to_string()),
            ("Deviation 偏差".into(), r.deviation.to_string()),
            ("Deviation % 偏差率".into(), percent(r.deviation_percent)),
            ("Review threshold 评估阈值".into(), format!("{}%", r.threshold_percent)),
            ("Beyond threshold 超出阈值".into(), yes_no(r.beyond_threshold)),
            ("Over-recovery 超收".into(), r.over_recovery.to_string()),
            ("Under-recovery 少收".into(), r.under_recovery.to_string()),
            ("To claw back next period 下期扣减".into(), r.clawback.to_string()),
            ("Under-recovery carried 少收结转".into(), yes_no(r.carry_under_recovery)),
        ],
    )
    .note(format!("Working papers: review.{y}.* 底稿编号"));

    let mut lines = Table::new("review_lines", "Volume and revenue by product and scenario", "分场景业务量与收入")
        .text("product", "Product", "产品")
        .text("scenario", "Scenario", "应用场景")
        .text("category", "Category", "场景类别")
        .num("forecast", "Forecast volume", "预测业务量")
        .num("volume", "Actual volume", "实际业务量")
        .num("ratio", "Actual / forecast", "实际/预测")
        .num("revenue", "Revenue", "收入")
        .num("cap", "Cap", "上限收费标准")
        .num("ceiling", "Cap × volume", "上限×业务量");
    for l in &r.lines {
        lines.push(vec![
            l.product.clone(),
            l.scenario.clone(),
            category_label(l.category),
            l.forecast.to_string(),
            l.volume.to_string(),
            opt(l.ratio),
            l.revenue.to_string(),
            l.cap.map_or_else(|| "free 免费".to_string(), |c| c.to_string()),
            l.ceiling.to_string(),
        ]);
    }

    let mut violations = Table::new("violations", "Charges above the cap", "超上限收费")
        .text("product", "Product", "产品")
        .text("scenario", "Scenario", "应用场景")
        .text("kind", "Kind", "类型")
        .num("volume", "Volume", "业务量")
        .num("revenue", "Revenue", "收入")
        .num("cap", "Cap", "上限收费标准")
        .num("ceiling", "Cap × volume", "上限×业务量")
        .num("excess", "Excess", "超收金额");
    for v in &r.violations {
        violations.push(vec![
            v.product.clone(),
            v.scenario.clone(),
            match v.kind {
                ViolationKind::AboveCap => "above cap 超上限".into(),
                ViolationKind::FreeUseCharged => "free use charged 免费场景收费".into(),
            },
            v.volume.to_string(),
            v.revenue.to_string(),
            v.cap.to_string(),
            v.ceiling.to_string(),
            v.excess.to_string(),
        ]);
    }

    let mut proposed = Table::new("proposed_caps", "Proposed caps for the next period", "下期上限收费标准建议")
        .text("product", "Product", "产品")
        .text("scenario", "Scenario", "应用场景")
        .num("current_cap", "Current cap", "现行上限")
        .num("volume", "Volume", "业务量")
        .num("proposed_cap", "Proposed cap", "建议上限")
        .num("proposed_quoted", "Proposed cap as quoted", "建议上限（报价口径）")
        .num("revenue_at_proposed", "Proposed cap × volume", "建议上限×业务量");
    if let Some(p) = &r.proposal {
        for l in &p.lines {
            proposed.push(vec![
                l.product.clone(),
                l.scenario.clone(),
                l.current_cap.to_string(),
                l.volume.to_string(),
                l.proposed_cap.to_string(),
                l.proposed_quoted.to_string(),
                l.revenue_at_proposed.to_string(),
            ]);
        }
        proposed = proposed.note(format!(
            "k = {} / {} = {}; Σ proposed cap × volume = {} ≤ {} 调整系数与合计",
            p.target,
            p.revenue_at_current_caps,
            p.factor.map_or_else(|| "n/a".to_string(), |k| k.to_string()),
            p.revenue_at_proposed_caps,
            p.target
        ));
    } else {
        proposed = proposed.note("Within the threshold: no change proposed. 偏差未超出阈值，不建议调整。");
    }
    vec![summary, lines, violations, proposed]
}

impl Disclose for Review {
    fn tables(&self) -> Tables {
        Tables {
            en: "Periodic review".into(), zh: "定期评估".into(), meta: vec![("Year 年度".into(), self.year.to_string())], tables: review_tables(self)
        }
    }
}

impl Disclose for AnnualReport {
    fn tables(&self) -> Tables {
        let o = &self.overview;
        let overview = Table::key_values(
            "overview",
            "Overall operations",
            "经营概况",
            vec![
                ("Products 产品数".into(), o.products.to_string()),
                ("Scenarios 应用场景数".into(), o.scenarios.to_string()),
                ("Paid product-scenarios 收费产品场景".into(), o.chargeable_pairs.to_string()),
                ("Free product-scenarios 免费产品场景".into(), o.free_pairs.to_string()),
                ("Paid with a fee in force 已公布收费标准".into(), o.pairs_with_fee.to_string()),
                ("Fee adjustments 调价次数".into(), o.fee_adjustments.to_string()),
                ("Actual revenue 实际收费收入".into(), o.actual_revenue.to_string()),
                ("MPR 最高准许收入".into(), o.mpr.to_string()),
                ("Deviation % 偏差率".into(), percent(o.deviation_percent)),
                ("Permitted cost of chargeable uses 准许成本(收费部分)".into(), o.permitted_cost.to_string()),
                ("Profit 经营利润".into(), o.profit.to_string()),
                ("Violations 违规收费".into(), o.violations.to_string()),
            ],
        );

        let ev = &self.evaluation;
        let mut evaluation = Table::new("evaluation", "Evaluation", "年度评估")
            .text("criterion", "Criterion", "评估项目")
            .num("figure", "Figure", "数值")
            .text("comparison", "Test", "判定")
            .num("threshold", "Threshold", "阈值")
            .text("passed", "Passed", "是否通过")
            .text("on_failure", "If not passed", "未通过时结果");
        for c in &ev.criteria {
            evaluation.push(vec![
                c.label.clone(),
                c.figure.map_or_else(|| "undefined 不适用".to_string(), |f| f.to_string()),
                if c.comparison == "at_least" { "at least 不低于".into() } else { "at most 不高于".into() },
                c.threshold.to_string(),
                yes_no(c.passed),
                c.on_failure.label().into(),
            ]);
        }
        let evaluation = evaluation.note(format!("Result 评估结果: {}", ev.label));

        let mut costs = Table::new("costs", "Cost spending by category", "成本支出情况")
            .text("category", "Category", "成本科目")
            .num("claimed", "Claimed", "申报金额")
            .num("subsidy", "Subsidy netted", "扣除政府补助")
            .num("excluded", "Excluded", "不计入金额")
            .num("disallowed", "Above benchmark", "超标准核减")
            .num("permitted", "Permitted", "准许成本");
        for c in &self.costs {
            costs.push(vec![
                format!("{} {}", c.category.name().replace('_', " "), c.category_zh),
                c.claimed.to_string(),
                c.subsidy.to_string(),
                c.excluded.to_string(),
                c.disallowed.to_string(),
                c.permitted.to_string(),
            ]);
        }
        costs.push(vec!["total 合计".into(), String::new(), String::new(), String::new(), String::new(), self.revenue.total_permitted_cost.to_string()]);

        let rp = &self.revenue;
        let revenue = Table::key_values(
            "revenue_profit",
            "Revenue and profit",
            "收入与利润",
            vec![
                ("Actual revenue 实际收费收入".into(), rp.actual_revenue.to_string()),
                ("Whole permitted cost 准许成本合计".into(), rp.total_permitted_cost.to_string()),
                ("Cost of free public services 公益服务成本".into(), rp.free_use_cost.to_string()),
                ("Permitted cost of chargeable uses 准许成本(收费部分)".into(), rp.permitted_cost.to_string()),
                ("Profit = revenue − permitted cost 经营利润".into(), rp.profit.to_string()),
                ("Cost claimed 申报成本".into(), rp.claimed_cost.to_string()),
                ("Accounting profit = revenue − cost claimed 账面利润".into(), rp.accounting_profit.to_string()),
                ("MPR 最高准许收入".into(), rp.mpr.to_string()),
                ("Regulatory margin = revenue − MPR 监管口径收支差".into(), rp.regulatory_margin.to_string()),
                ("Permitted profit in the MPR 准许利润".into(), rp.permitted_profit.to_string()),
            ],
        )
        .note("Profit before income tax and VAT surcharges. 利润为所得税及增值税附加前口径。");

        let mut products = Table::new("products", "Volume and revenue by product", "分产品业务量与收入")
            .text("product", "Product", "产品")
            .text("unit", "Unit", "计量单位")
            .num("forecast", "Forecast volume", "预测业务量")
            .num("volume", "Actual volume", "实际业务量")
            .num("ratio", "Actual / forecast", "实际/预测")
            .num("revenue", "Revenue", "收入");
        for p in &self.products {
            products.push(vec![
                format!("{} ({})", bilingual(&p.name, p.name_zh.as_deref()), p.product),
                p.unit.clone(),
                p.forecast.to_string(),
                p.volume.to_string(),
                opt(p.ratio),
                p.revenue.to_string(),
            ]);
        }

        let mut adjustments = Table::new("fee_adjustments", "Fee adjustments", "收费标准调整情况")
            .text("product", "Product", "产品")
            .text("scenario", "Scenario", "应用场景")
            .text("effective", "Effective", "执行日期")
            .text("change", "Change", "类型")
            .text("fee", "New fee", "调整后收费标准")
            .text("previous_fee", "Previous fee", "调整前收费标准")
            .text("previous_effective", "Previous since", "原执行日期")
            .num("unit_price", "Long-run unit price", "长期单价")
            .num("previous_unit_price", "Previous unit price", "原长期单价")
            .text("direction", "Direction", "方向");
        for a in &self.fee_adjustments {
            adjustments.push(vec![
                a.product.clone(),
                a.scenario.clone(),
                a.effective.clone(),
                match a.change {
                    FeeChange::New => "new 新定价".into(),
                    FeeChange::Adjusted => "adjusted 调整".into(),
                },
                if self.stage == crate::mpr::Stage::Trial { format!("{} (试行 trial)", a.actual_fee) } else { a.actual_fee.clone() },
                opt(a.previous_fee.as_ref()),
                opt(a.previous_effective.as_ref()),
                a.unit_price.to_string(),
                opt(a.previous_unit_price),
                match a.direction {
                    Some(Direction::Up) => "up 上调".into(),
                    Some(Direction::Down) => "down 下调".into(),
                    Some(Direction::Unchanged) => "unchanged 不变".into(),
                    None => String::new(),
                },
            ]);
        }

        let mut shares = Table::new("revenue_shares", "Revenue shares by product", "分产品收益分配")
            .text("product", "Product", "产品")
            .text("party", "Party", "主体")
            .text("kind", "Kind", "主体类型")
            .num("cost_recovered", "Cost recovered", "成本回收")
            .num("profit", "Operator profit", "合理利润")
            .num("remainder_share", "Remainder share", "剩余收益分成")
            .num("total", "Total", "合计")
            .text("treasury", "Non-tax revenue to the treasury", "非税收入上缴财政");
        let mut parties = Table::new("party_totals", "Revenue shares by party", "各主体收益合计")
            .text("party", "Party", "主体")
            .text("kind", "Kind", "主体类型")
            .num("total", "Total", "合计")
            .num("non_tax_revenue", "Of which non-tax revenue to the treasury", "其中非税收入上缴财政");
        if let Some(s) = &self.shares {
            for p in &s.products {
                for l in &p.parties {
                    shares.push(vec![
                        p.product.clone(),
                        party_label(&l.id, &l.name),
                        kind_label(l.kind).into(),
                        l.cost_recovered.to_string(),
                        l.profit.to_string(),
                        l.remainder_share.to_string(),
                        l.total.to_string(),
                        yes_no(l.non_tax_revenue),
                    ]);
                }
            }
            for t in &s.parties {
                parties.push(vec![party_label(&t.id, &t.name), kind_label(t.kind).into(), t.total.to_string(), t.non_tax_revenue.to_string()]);
            }
            parties = parties.note(format!(
                "Revenue shared {}, taxes {}, non-tax revenue to the treasury {}. 分配收入、税费、非税收入合计。",
                s.revenue, s.tax, s.non_tax_revenue
            ));
        }

        let mut tables = vec![overview, evaluation, costs, revenue, products];
        tables.extend(review_tables(&self.review));
        tables.extend([adjustments, shares, parties]);
        let trial = self.stage == crate::mpr::Stage::Trial;
        Tables {
            en: if trial { "Annual operating report (trial fees)".into() } else { "Annual operating report".into() },
            zh: if trial { "年度经营情况报告(试行收费标准)".into() } else { "年度经营情况报告".into() },
            meta: vec![
                ("Name 名称".into(), self.name.clone()),
                ("Year 年度".into(), self.year.to_string()),
                (
                    "Stage 阶段".into(),
                    match self.stage {
                        crate::mpr::Stage::Formal => "formal 正式".into(),
                        crate::mpr::Stage::Trial => "trial 试行".into(),
                    },
                ),
                ("Profile 政策参数".into(), self.profile.clone()),
            ],
            tables,
        }
    }
}
