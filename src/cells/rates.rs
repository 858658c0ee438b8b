//! Figures computed for one cell and period, each with the formula that produced it:
//! the household-waste recycling rate (生活垃圾回收利用率) and reduction (减量化) against the
//! same months of the baseline year, absolute, per capita (or per household) and in %.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::Serialize;

use super::records::check_month;
use crate::error::{Error, FieldError, Result};
use crate::ids::CellId;
use crate::profile;

/// Formula of the household-waste recycling rate.
pub const RECYCLING_FORMULA_ZH: &str =
    "生活垃圾回收利用率 = (生活垃圾回收利用量 + 厨余垃圾等堆肥/资源化处理量) ÷ 生活垃圾产生量 × 100%（生活垃圾：可回收物、厨余垃圾、有害垃圾、其他垃圾）";
/// Formula of the household-waste recycling rate, in English.
pub const RECYCLING_FORMULA_EN: &str =
    "household waste recycling rate = (recycled + composted) ÷ generated × 100%, over recyclables, kitchen, household hazardous and other waste";
/// Formula of reduction.
pub const REDUCTION_FORMULA_ZH: &str =
    "减量 = 本期产生量 − 基准年同期产生量；变化率 = 减量 ÷ 基准年同期产生量 × 100%；人均 = 产生量 ÷ 人数（户数）";
/// Formula of reduction, in English.
pub const REDUCTION_FORMULA_EN: &str =
    "change = generated in the period − generated in the same months of the baseline year; change % = change ÷ baseline × 100%; per capita = generated ÷ people (households)";

/// One month of the period.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MonthRate {
    /// `YYYY-MM`.
    pub month: String,
    /// Household waste generated (g).
    pub household_generated_g: i64,
    /// Household waste recycled or composted (g).
    pub household_recovered_g: i64,
    /// All categories generated (g).
    pub total_generated_g: i64,
    /// Recycling rate in %, if anything was generated.
    pub recycling_rate: Option<f64>,
}

/// Reduction against the baseline year.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reduction {
    /// The baseline year.
    pub baseline_year: i32,
    /// Generated in the period, all categories (g).
    pub period_g: i64,
    /// Generated in the same months of the baseline year (g).
    pub baseline_g: i64,
    /// period − baseline (g); negative means less waste.
    pub change_g: i64,
    /// change ÷ baseline × 100.
    pub change_pct: Option<f64>,
    /// `headcount` or `households`.
    pub denominator: String,
    /// People or households now.
    pub headcount: Option<i64>,
    /// People or households in the baseline year.
    pub baseline_headcount: Option<i64>,
    /// kg per person (household) in the period.
    pub per_capita_kg: Option<f64>,
    /// kg per person (household) in the baseline months.
    pub baseline_per_capita_kg: Option<f64>,
    /// Change of the per-capita figure in %.
    pub per_capita_change_pct: Option<f64>,
    /// Baseline months with no record at all.
    pub baseline_months_missing: Vec<String>,
    /// Formula, Chinese.
    pub formula_zh: &'static str,
    /// Formula, English.
    pub formula_en: &'static str,
}

/// The computed figures of a cell over a period.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CellRates {
    /// The cell.
    pub cell_id: CellId,
    /// First month.
    pub from: String,
    /// Last month.
    pub to: String,
    /// Each month of the period that has records.
    pub months: Vec<MonthRate>,
    /// Household waste generated over the period (g).
    pub household_generated_g: i64,
    /// Household waste recycled or composted over the period (g).
    pub household_recovered_g: i64,
    /// Recycling rate over the period, %.
    pub recycling_rate: Option<f64>,
    /// The target rate (setting), %.
    pub recycling_target_pct: f64,
    /// Formula, Chinese.
    pub recycling_formula_zh: &'static str,
    /// Formula, English.
    pub recycling_formula_en: &'static str,
    /// Reduction, when the cell has a baseline year before the period.
    pub reduction: Option<Reduction>,
}

fn pct(num: i64, den: i64) -> Option<f64> {
    (den != 0).then(|| num as f64 * 100.0 / den as f64)
}

type MonthTotals = BTreeMap<String, (i64, i64, i64)>;

fn totals(conn: &Connection, cell: CellId, from: &str, to: &str) -> Result<MonthTotals> {
    let mut st = conn.prepare_cached(
        "SELECT r.month,
                coalesce(sum(CASE WHEN k.household = 1 THEN r.generated_g END), 0),
                coalesce(sum(CASE WHEN k.household = 1 THEN r.recycled_g + r.composted_g END), 0),
                sum(r.generated_g)
         FROM cell_records r JOIN waste_categories k ON k.key = r.category
         WHERE r.cell_id = ?1 AND r.month BETWEEN ?2 AND ?3 AND r.deleted = 0
         GROUP BY r.month",
    )?;
    let rows = st.query_map((cell, from, to), |r| {
        Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The months from `from` to `to` inclusive.
fn months_between(from: &str, to: &str) -> Vec<String> {
    let parse =
        |m: &str| -> (i32, u32) { (m[..4].parse().unwrap_or(2000), m[5..7].parse().unwrap_or(1)) };
    let (mut y, mut m) = parse(from);
    let end = parse(to);
    let mut out = Vec::new();
    while (y, m) <= end && out.len() < 1200 {
        out.push(format!("{y:04}-{m:02}"));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// Computes the figures of `cell` from month `from` to month `to` (both `YYYY-MM`).
pub fn compute(conn: &Connection, cell: CellId, from: &str, to: &str) -> Result<CellRates> {
    let c = super::get(conn, cell)?;
    let mut errs = Vec::new();
    let from = check_month(from)
        .map_err(|code| errs.push(FieldError::new(None, "from", code, &[("value", from)])))
        .unwrap_or_default();
    let to = check_month(to)
        .map_err(|code| errs.push(FieldError::new(None, "to", code, &[("value", to)])))
        .unwrap_or_default();
    if errs.is_empty() && from > to {
        errs.push(FieldError::new(None, "to", "bad_value", &[("value", &to)]));
    }
    if !errs.is_empty() {
        return Err(Error::Invalid(errs));
    }
    let period = totals(conn, cell, &from, &to)?;
    let months: Vec<MonthRate> = period
        .iter()
        .map(|(m, &(hg, hr, tg))| MonthRate {
            month: m.clone(),
            household_generated_g: hg,
            household_recovered_g: hr,
            total_generated_g: tg,
            recycling_rate: pct(hr, hg),
        })
        .collect();
    let hg: i64 = months.iter().map(|m| m.household_generated_g).sum();
    let hr: i64 = months.iter().map(|m| m.household_recovered_g).sum();
    let target: f64 = profile::setting_or_default(conn, "target.household_recycling_rate")?
        .parse()
        .unwrap_or(35.0);

    let reduction = match c.baseline_year {
        Some(by) if by < from[..4].parse::<i32>().unwrap_or(0) => {
            let base = totals(conn, cell, &format!("{by:04}-01"), &format!("{by:04}-12"))?;
            let mut baseline_g = 0;
            let mut missing = Vec::new();
            for m in months_between(&from, &to) {
                let bm = format!("{by:04}-{}", &m[5..7]);
                match base.get(&bm) {
                    Some(&(_, _, g)) => baseline_g += g,
                    None if !missing.contains(&bm) => missing.push(bm),
                    None => {}
                }
            }
            let period_g: i64 = months.iter().map(|m| m.total_generated_g).sum();
            let base_head = c.baseline_headcount.or(c.headcount);
            let per = |g: i64, h: Option<i64>| h.map(|h| g as f64 / 1000.0 / h as f64);
            let pc = per(period_g, c.headcount);
            let bpc = per(baseline_g, base_head);
            Some(Reduction {
                baseline_year: by,
                period_g,
                baseline_g,
                change_g: period_g - baseline_g,
                change_pct: pct(period_g - baseline_g, baseline_g),
                denominator: c.denominator.clone(),
                headcount: c.headcount,
                baseline_headcount: base_head,
                per_capita_kg: pc,
                baseline_per_capita_kg: bpc,
                per_capita_change_pct: match (pc, bpc) {
                    (Some(p), Some(b)) if b > 0.0 => Some((p - b) * 100.0 / b),
                    _ => None,
                },
                baseline_months_missing: missing,
                formula_zh: REDUCTION_FORMULA_ZH,
                formula_en: REDUCTION_FORMULA_EN,
            })
        }
        _ => None,
    };
    Ok(CellRates {
        cell_id: cell,
        from,
        to,
        months,
        household_generated_g: hg,
        household_recovered_g: hr,
        recycling_rate: pct(hr, hg),
        recycling_target_pct: target,
        recycling_formula_zh: RECYCLING_FORMULA_ZH,
        recycling_formula_en: RECYCLING_FORMULA_EN,
        reduction,
    })
}
