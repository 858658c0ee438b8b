//! This year's key figures (年度关键指标) for the home page, each with its monthly series and
//! its target. Every figure comes from the function its area computes it with; a target is
//! the setting where the ledger has one, and none where it has not (never one made up here).

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use crate::cells::rates::all_cells_household_each_month;
use crate::construction::{resource_use, supervision};
use crate::error::Result;

/// One month's value of a figure.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MonthValue {
    /// `YYYY-MM`.
    pub month: String,
    /// The figure in that month alone, %, when it can be computed.
    pub value: Option<f64>,
}

/// A key figure of the year so far.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyFigure {
    /// `household_recycling_rate`, `household_resource_rate`, `cw_resource_rate`,
    /// `cw_comprehensive_rate`, `manifest_closure_rate`.
    pub key: String,
    /// Name, Chinese.
    pub name_zh: String,
    /// Name, English.
    pub name_en: String,
    /// First month of the period.
    pub from: String,
    /// Last month of the period.
    pub to: String,
    /// The figure over the period, %, when it can be computed.
    pub value: Option<f64>,
    /// The target, %, when the ledger holds one (a setting).
    pub target: Option<f64>,
    /// The setting that holds the target, when there is one.
    pub target_setting: Option<String>,
    /// Formula, Chinese.
    pub formula_zh: String,
    /// Formula, English.
    pub formula_en: String,
    /// Each month of the period on its own.
    pub series: Vec<MonthValue>,
}

fn months(year: i32, to: u32) -> Vec<String> {
    (1..=to).map(|m| format!("{year:04}-{m:02}")).collect()
}

/// The key figures from January to the current month of `today`'s year.
pub fn this_year(conn: &Connection, today: NaiveDate) -> Result<Vec<KeyFigure>> {
    let (year, to_m) = (today.year(), today.month());
    let months = months(year, to_m);
    let (from, to) = (months[0].clone(), months[months.len() - 1].clone());

    // Each series comes with its period's figure from one reading: the records once, the
    // loads once (recomputing each month apart read them a dozen times over).
    let (by_month, hh, each) = all_cells_household_each_month(conn, &from, &to)?;
    let resource_series = each
        .into_iter()
        .map(|(month, one)| MonthValue {
            month,
            value: one.resource_rate,
        })
        .collect();
    let mut cw_series = Vec::new();
    for m in &months {
        let r = resource_use::rate(conn, "district", m, m)?;
        cw_series.push((m.clone(), r.total.resource_rate, r.total.comprehensive_rate));
    }
    let sup = supervision::supervision(conn, &from, &to)?;
    let closure_series = sup
        .by_month
        .iter()
        .map(|c| MonthValue {
            month: c.key.clone(),
            value: c.closure_rate,
        })
        .collect();
    let recycling_series = months
        .iter()
        .map(|m| MonthValue {
            month: m.clone(),
            value: by_month
                .iter()
                .find(|r| &r.month == m)
                .and_then(|r| r.recycling_rate),
        })
        .collect();
    let cw = resource_use::rate(conn, "district", &from, &to)?;
    let figure = |key: &str, zh: &str, en: &str| KeyFigure {
        key: key.into(),
        name_zh: zh.into(),
        name_en: en.into(),
        from: from.clone(),
        to: to.clone(),
        value: None,
        target: None,
        target_setting: None,
        formula_zh: String::new(),
        formula_en: String::new(),
        series: Vec::new(),
    };
    Ok(vec![
        KeyFigure {
            value: hh.recycling_rate,
            target: Some(hh.recycling_target_pct),
            target_setting: Some("target.household_recycling_rate".into()),
            formula_zh: hh.recycling_formula_zh.clone(),
            formula_en: hh.recycling_formula_en.clone(),
            series: recycling_series,
            ..figure(
                "household_recycling_rate",
                "生活垃圾回收利用率",
                "Household waste recycling rate",
            )
        },
        KeyFigure {
            value: hh.resource_rate,
            target: Some(hh.resource_target_pct),
            target_setting: Some("target.household_resource_rate".into()),
            formula_zh: hh.resource_formula_zh.clone(),
            formula_en: hh.resource_formula_en.clone(),
            series: resource_series,
            ..figure(
                "household_resource_rate",
                "生活垃圾资源化利用率",
                "Household waste resource-use rate",
            )
        },
        KeyFigure {
            value: cw.total.resource_rate,
            formula_zh: cw.resource_formula_zh.into(),
            formula_en: cw.resource_formula_en.into(),
            series: cw_series
                .iter()
                .map(|(m, v, _)| MonthValue {
                    month: m.clone(),
                    value: *v,
                })
                .collect(),
            ..figure(
                "cw_resource_rate",
                "建筑垃圾资源化利用率",
                "Construction waste recycling rate",
            )
        },
        KeyFigure {
            value: cw.total.comprehensive_rate,
            formula_zh: cw.comprehensive_formula_zh.into(),
            formula_en: cw.comprehensive_formula_en.into(),
            series: cw_series
                .iter()
                .map(|(m, _, v)| MonthValue {
                    month: m.clone(),
                    value: *v,
                })
                .collect(),
            ..figure(
                "cw_comprehensive_rate",
                "建筑垃圾综合利用率",
                "Construction waste utilisation rate",
            )
        },
        KeyFigure {
            value: sup.total.closure_rate,
            formula_zh: sup.closure_formula_zh.into(),
            formula_en: sup.closure_formula_en.into(),
            series: closure_series,
            ..figure(
                "manifest_closure_rate",
                "联单闭环率",
                "Manifest closure rate",
            )
        },
    ])
}
