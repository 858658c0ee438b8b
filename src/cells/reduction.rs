//! Reduction (减量化) of a cell, per waste stream: the period against the same months of the
//! baseline year, compared only over the months that have records on both sides. Months
//! missing on either side are listed, and the figure says it is incomplete while they are.
//! Each stream has its own denominators (the activity figures its kind divides it by).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::activity::{in_force, ActivityFigure};
use super::categories::{ActivityKind, KindDenominator, Stream};

/// One activity figure a stream is divided by, in the period and in the baseline year.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Denominator {
    /// Activity figure key (`people`, `output_value` …).
    pub figure: String,
    /// Its name, Chinese.
    pub name_zh: String,
    /// Its name, English.
    pub name_en: String,
    /// Unit, Chinese (人, 户, 万元 …).
    pub unit_zh: String,
    /// Unit, English.
    pub unit_en: String,
    /// A count of people or households: figures per day too (kg/人·日).
    pub per_day: bool,
    /// The year of the figure used for the period (the one in force then).
    pub period_year: Option<i32>,
    /// Its value, in the unit.
    pub period_value: Option<f64>,
    /// The year of the figure used for the baseline.
    pub baseline_year: Option<i32>,
    /// Its value, in the unit.
    pub baseline_value: Option<f64>,
    /// kg per unit over the months compared, in the period.
    pub period_kg_per_unit: Option<f64>,
    /// kg per unit over the same months of the baseline year.
    pub baseline_kg_per_unit: Option<f64>,
    /// kg per unit and day in the period (counts of people or households only).
    pub period_kg_per_unit_day: Option<f64>,
    /// kg per unit and day in the baseline months.
    pub baseline_kg_per_unit_day: Option<f64>,
    /// Change of kg per unit, %.
    pub change_pct: Option<f64>,
}

/// Reduction of one stream.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StreamReduction {
    /// Stream key.
    pub stream: String,
    /// Stream, Chinese.
    pub name_zh: String,
    /// Stream, English.
    pub name_en: String,
    /// The baseline year.
    pub baseline_year: i32,
    /// Months of the period compared (those with records of this stream in the period and
    /// in the same month of the baseline year).
    pub months_compared: Vec<String>,
    /// Days in the months compared, in the period.
    pub period_days: i64,
    /// Days in the months compared, in the baseline year (a leap February has 29).
    pub baseline_days: i64,
    /// Months of the period with no record of this stream.
    pub period_missing: Vec<String>,
    /// Months of the baseline year (matching the period) with no record of this stream.
    pub baseline_missing: Vec<String>,
    /// Both lists of missing months are empty: the change compares the whole period.
    pub complete: bool,
    /// Generated in the months compared, period (g).
    pub period_g: i64,
    /// Generated in the same months of the baseline year (g).
    pub baseline_g: i64,
    /// period − baseline (g); negative means less waste.
    pub change_g: i64,
    /// change ÷ baseline × 100 over the months compared; incomplete unless `complete`.
    pub change_pct: Option<f64>,
    /// The activity figures the cell's kind divides this stream by (may be none).
    pub denominators: Vec<Denominator>,
    /// Formula, Chinese.
    pub formula_zh: String,
    /// Formula, English.
    pub formula_en: String,
}

/// Generated grams by month and stream.
pub(super) type ByMonth = BTreeMap<(String, String), i64>;

fn days_in(month: &str) -> i64 {
    let parse = || -> Option<i64> {
        let y: i32 = month.get(..4)?.parse().ok()?;
        let m: u32 = month.get(5..7)?.parse().ok()?;
        let first = NaiveDate::from_ymd_opt(y, m, 1)?;
        let next = first.checked_add_months(chrono::Months::new(1))?;
        Some((next - first).num_days())
    };
    parse().unwrap_or(30)
}

fn pct(num: f64, den: f64) -> Option<f64> {
    (den != 0.0).then(|| num * 100.0 / den)
}

/// Everything a reduction is computed from.
pub(super) struct Inputs<'a> {
    pub period_months: &'a [String],
    pub baseline_year: i32,
    pub period: &'a ByMonth,
    pub baseline: &'a ByMonth,
    pub streams: &'a [Stream],
    pub kind: &'a str,
    pub denominators: &'a [KindDenominator],
    pub figures: &'a [ActivityFigure],
    pub activity_kinds: &'a [ActivityKind],
}

/// The reduction of each stream that has records in the period or the baseline months.
pub(super) fn per_stream(i: &Inputs<'_>) -> Vec<StreamReduction> {
    let by = i.baseline_year;
    let base_of = |m: &str| format!("{by:04}-{}", &m[5..7]);
    let seen: BTreeSet<&str> = i
        .period
        .keys()
        .chain(i.baseline.keys())
        .map(|(_, s)| s.as_str())
        .collect();
    let mut out = Vec::new();
    for s in i.streams.iter().filter(|s| seen.contains(s.key.as_str())) {
        let got = |map: &ByMonth, m: &str| map.get(&(m.to_string(), s.key.clone())).copied();
        let mut r = StreamReduction {
            stream: s.key.clone(),
            name_zh: s.name_zh.clone(),
            name_en: s.name_en.clone(),
            baseline_year: by,
            months_compared: Vec::new(),
            period_days: 0,
            baseline_days: 0,
            period_missing: Vec::new(),
            baseline_missing: Vec::new(),
            complete: false,
            period_g: 0,
            baseline_g: 0,
            change_g: 0,
            change_pct: None,
            denominators: Vec::new(),
            formula_zh: String::new(),
            formula_en: String::new(),
        };
        for m in i.period_months {
            let bm = base_of(m);
            let (p, b) = (got(i.period, m), got(i.baseline, &bm));
            if p.is_none() {
                r.period_missing.push(m.clone());
            }
            if b.is_none() && !r.baseline_missing.contains(&bm) {
                r.baseline_missing.push(bm.clone());
            }
            if let (Some(p), Some(b)) = (p, b) {
                r.months_compared.push(m.clone());
                r.period_g += p;
                r.baseline_g += b;
                r.period_days += days_in(m);
                r.baseline_days += days_in(&bm);
            }
        }
        r.baseline_missing.sort();
        r.complete = r.period_missing.is_empty() && r.baseline_missing.is_empty();
        r.change_g = r.period_g - r.baseline_g;
        r.change_pct = if r.months_compared.is_empty() {
            None
        } else {
            pct(r.change_g as f64, r.baseline_g as f64)
        };
        let last_year = r
            .months_compared
            .last()
            .or(i.period_months.last())
            .and_then(|m| m[..4].parse().ok())
            .unwrap_or(by + 1);
        r.denominators = i
            .denominators
            .iter()
            .filter(|d| d.kind == i.kind && d.stream == s.key)
            .filter_map(|d| i.activity_kinds.iter().find(|k| k.key == d.figure))
            .map(|k| denominator(k, i.figures, &r, last_year))
            .collect();
        (r.formula_zh, r.formula_en) = formula(s, &r.denominators);
        out.push(r);
    }
    out
}

fn denominator(
    k: &ActivityKind,
    figs: &[ActivityFigure],
    r: &StreamReduction,
    period_year: i32,
) -> Denominator {
    let p = in_force(figs, &k.key, period_year);
    let b = in_force(figs, &k.key, r.baseline_year);
    let value = |f: Option<&ActivityFigure>| f.map(|f| f.value_milli as f64 / 1000.0);
    let per = |g: i64, v: Option<f64>| match v {
        Some(v) if v > 0.0 && !r.months_compared.is_empty() => Some(g as f64 / 1000.0 / v),
        _ => None,
    };
    let (pv, bv) = (value(p), value(b));
    let (pk, bk) = (per(r.period_g, pv), per(r.baseline_g, bv));
    let per_day = |kg: Option<f64>, days: i64| {
        kg.filter(|_| k.per_day && days > 0)
            .map(|x| x / days as f64)
    };
    Denominator {
        figure: k.key.clone(),
        name_zh: k.name_zh.clone(),
        name_en: k.name_en.clone(),
        unit_zh: k.unit_zh.clone(),
        unit_en: k.unit_en.clone(),
        per_day: k.per_day,
        period_year: p.map(|f| f.year),
        period_value: pv,
        baseline_year: b.map(|f| f.year),
        baseline_value: bv,
        period_kg_per_unit: pk,
        baseline_kg_per_unit: bk,
        period_kg_per_unit_day: per_day(pk, r.period_days),
        baseline_kg_per_unit_day: per_day(bk, r.baseline_days),
        change_pct: match (pk, bk) {
            (Some(p), Some(b)) => pct(p - b, b),
            _ => None,
        },
    }
}

fn formula(s: &Stream, dens: &[Denominator]) -> (String, String) {
    let mut zh = format!(
        "{0}减量 = 本期{0}产生量 − 基准年同月{0}产生量，只比较本期与基准年都有记录的月份；\
         变化率 = 减量 ÷ 基准年同月产生量 × 100%；缺少记录的月份列出，未补齐前结果标为不完整",
        s.name_zh
    );
    let mut en = format!(
        "{0} change = {0} generated in the period − in the same months of the baseline year, \
         over the months with records on both sides only; change % = change ÷ baseline × 100%; \
         months without records are listed, and the result is incomplete until they are entered",
        s.name_en.to_lowercase()
    );
    for d in dens {
        zh.push_str(&format!(
            "；单位{name}产生量（kg/{unit}）= 产生量 ÷ {name}",
            name = d.name_zh,
            unit = d.unit_zh
        ));
        en.push_str(&format!(
            "; kg/{unit} = generated ÷ {name}",
            name = d.name_en.to_lowercase(),
            unit = d.unit_en
        ));
        if d.per_day {
            zh.push_str(&format!(
                "，日均（kg/{unit}·日）= 产生量 ÷ {name} ÷ 比较月份的天数",
                name = d.name_zh,
                unit = d.unit_zh
            ));
            en.push_str(&format!(
                ", per day (kg/{unit}/day) = generated ÷ {name} ÷ days in the months compared",
                name = d.name_en.to_lowercase(),
                unit = d.unit_en
            ));
        }
    }
    (zh, en)
}
