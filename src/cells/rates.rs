//! Figures computed for one cell and period, each with the formula that produced it: the
//! household-waste recycling rate (生活垃圾回收利用率), the household-waste resource-use rate
//! (生活垃圾资源化利用率), and reduction (减量化) per stream against the same months of the
//! baseline year (see `reduction`). A clean typed value: reports reuse it as it is.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::Serialize;

use super::categories::{self, Category};
use super::records::check_month;
use super::reduction::{self, ByMonth};
pub use super::reduction::{Denominator, StreamReduction};
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::CellId;
use crate::profile;
use crate::units::format_kg;

/// One month of the period: household waste.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MonthRate {
    /// `YYYY-MM`.
    pub month: String,
    /// Household waste generated (g).
    pub household_generated_g: i64,
    /// Household waste recovered as the recycling rate counts it (g).
    pub household_recovered_g: i64,
    /// Recycling rate in %, if anything was generated.
    pub recycling_rate: Option<f64>,
}

/// An amount recycled or composted of a household category that does not count toward the
/// recycling rate (其他垃圾, 有害垃圾): kept, named, and left out.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecoveryWarning {
    /// `YYYY-MM`.
    pub month: String,
    /// Category key.
    pub category: String,
    /// Category, Chinese.
    pub name_zh: String,
    /// Category, English.
    pub name_en: String,
    /// Recycled + composted (g).
    pub recovered_g: i64,
}

/// The per-route factors of the resource-use rate, as the settings held them.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RouteFactors {
    /// 回收利用.
    pub recycling: f64,
    /// 厨余垃圾处理（堆肥/资源化）.
    pub composting: f64,
    /// 焚烧（能量回收）.
    pub incineration: f64,
    /// 卫生填埋 (landfill gas recovery, where a city counts it; 0 by default).
    pub landfill: f64,
}

/// The household-waste rates of the period.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HouseholdRates {
    /// Months of the period with household-waste records.
    pub months_with_records: Vec<String>,
    /// Months of the period without.
    pub months_missing: Vec<String>,
    /// Household waste generated (g).
    pub generated_g: i64,
    /// Recycled + composted of the categories that count (g).
    pub recovered_g: i64,
    /// The categories that count (Chinese names).
    pub counted_zh: Vec<String>,
    /// The categories that count (English names).
    pub counted_en: Vec<String>,
    /// 生活垃圾回收利用率, %.
    pub recycling_rate: Option<f64>,
    /// Its target (setting), %.
    pub recycling_target_pct: f64,
    /// Formula, Chinese (the indicator's own wording).
    pub recycling_formula_zh: String,
    /// Formula, English.
    pub recycling_formula_en: String,
    /// Recycled, composted, incinerated, landfilled over every household category (g).
    pub routes_g: [i64; 4],
    /// The factors used.
    pub factors: RouteFactors,
    /// The resource-used amount, Σ route × factor (g).
    pub resource_used_g: i64,
    /// 生活垃圾资源化利用率, %.
    pub resource_rate: Option<f64>,
    /// Its target (setting), %.
    pub resource_target_pct: f64,
    /// Formula with the factors used, Chinese.
    pub resource_formula_zh: String,
    /// Formula with the factors used, English.
    pub resource_formula_en: String,
    /// Recovered amounts typed against categories that do not count.
    pub warnings: Vec<RecoveryWarning>,
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
    /// Each month of the period that has household-waste records.
    pub months: Vec<MonthRate>,
    /// Household waste rates.
    pub household: HouseholdRates,
    /// The cell's baseline year.
    pub baseline_year: Option<i32>,
    /// Reduction per stream, when the baseline year is before the period (else empty).
    pub reduction: Vec<StreamReduction>,
    /// Why there is no reduction, if there is none (`no_baseline`, `baseline_not_before`).
    pub reduction_note: Option<String>,
}

fn pct(num: i64, den: i64) -> Option<f64> {
    (den != 0).then(|| num as f64 * 100.0 / den as f64)
}

/// Sums of one month and category: generated, recycled, composted, incinerated, landfilled.
type Sums = BTreeMap<(String, String), [i64; 5]>;

fn sums(conn: &Connection, cell: CellId, from: &str, to: &str) -> Result<Sums> {
    let mut st = conn.prepare_cached(
        "SELECT month, category, generated_g, recycled_g, composted_g, incinerated_g, landfilled_g
         FROM cell_records WHERE cell_id = ?1 AND month BETWEEN ?2 AND ?3 AND deleted = 0",
    )?;
    let rows = st.query_map((cell, from, to), |r| {
        Ok((
            (r.get::<_, String>(0)?, r.get::<_, String>(1)?),
            [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn by_stream(s: &Sums, cats: &[Category]) -> ByMonth {
    let mut out = ByMonth::new();
    for ((month, cat), q) in s {
        if let Some(c) = cats.iter().find(|c| &c.key == cat) {
            *out.entry((month.clone(), c.stream.clone())).or_default() += q[0];
        }
    }
    out
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

fn factor(conn: &Connection, key: &str) -> Result<f64> {
    Ok(profile::setting_or_default(conn, key)?
        .parse()
        .unwrap_or(1.0))
}

fn household(
    conn: &Connection,
    s: &Sums,
    cats: &[Category],
    period: &[String],
) -> Result<(Vec<MonthRate>, HouseholdRates)> {
    let mut months: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut routes = [0i64; 4];
    let mut warnings = Vec::new();
    for ((month, cat), q) in s {
        let Some(c) = cats.iter().find(|c| &c.key == cat && c.household) else {
            continue;
        };
        let e = months.entry(month.clone()).or_default();
        e.0 += q[0];
        if c.counts_as_recovery {
            e.1 += q[1] + q[2];
        } else if q[1] + q[2] > 0 {
            warnings.push(RecoveryWarning {
                month: month.clone(),
                category: c.key.clone(),
                name_zh: c.name_zh.clone(),
                name_en: c.name_en.clone(),
                recovered_g: q[1] + q[2],
            });
        }
        for (r, v) in routes.iter_mut().zip(&q[1..]) {
            *r += v;
        }
    }
    let rows: Vec<MonthRate> = months
        .iter()
        .map(|(m, &(g, r))| MonthRate {
            month: m.clone(),
            household_generated_g: g,
            household_recovered_g: r,
            recycling_rate: pct(r, g),
        })
        .collect();
    let generated: i64 = rows.iter().map(|m| m.household_generated_g).sum();
    let recovered: i64 = rows.iter().map(|m| m.household_recovered_g).sum();
    let counted: Vec<&Category> = cats
        .iter()
        .filter(|c| c.household && c.counts_as_recovery)
        .collect();
    let counted_zh: Vec<String> = counted.iter().map(|c| c.name_zh.clone()).collect();
    let counted_en: Vec<String> = counted.iter().map(|c| c.name_en.clone()).collect();
    let f = RouteFactors {
        recycling: factor(conn, "factor.recycling")?,
        composting: factor(conn, "factor.composting")?,
        incineration: factor(conn, "factor.incineration")?,
        landfill: factor(conn, "factor.landfill")?,
    };
    let used = (routes[0] as f64 * f.recycling
        + routes[1] as f64 * f.composting
        + routes[2] as f64 * f.incineration
        + routes[3] as f64 * f.landfill)
        .round() as i64;
    let target = |k: &str, d: f64| -> Result<f64> {
        Ok(profile::setting_or_default(conn, k)?.parse().unwrap_or(d))
    };
    let rates = HouseholdRates {
        months_with_records: months.keys().cloned().collect(),
        months_missing: period
            .iter()
            .filter(|m| !months.contains_key(*m))
            .cloned()
            .collect(),
        generated_g: generated,
        recovered_g: recovered,
        recycling_rate: pct(recovered, generated),
        recycling_target_pct: target("target.household_recycling_rate", 35.0)?,
        recycling_formula_zh: format!(
            "生活垃圾回收利用率 = 生活垃圾回收利用量 ÷ 生活垃圾产生量 × 100%。生活垃圾回收利用量是指未进入生活垃圾焚烧和填埋设施进行处理的可回收物、厨余垃圾的数量（此处：{} 的回收利用量与堆肥/资源化处理量；其他垃圾、有害垃圾的回收量不计入）",
            counted_zh.join("、")
        ),
        recycling_formula_en: format!(
            "household waste recycling rate = household waste recycled ÷ household waste generated × 100%, where household waste recycled is the recyclables and kitchen waste that do not enter incineration or landfill facilities (here: the recycled and composted amounts of {}; amounts recovered from other or hazardous household waste do not count)",
            counted_en.join(", ")
        ),
        routes_g: routes,
        resource_used_g: used,
        resource_rate: pct(used, generated),
        resource_target_pct: target("target.household_resource_rate", 60.0)?,
        resource_formula_zh: format!(
            "生活垃圾资源化利用率 = (回收利用量 × {} + 厨余垃圾处理（堆肥/资源化）量 × {} + 焚烧处理量 × {} + 卫生填埋量 × {}) ÷ 生活垃圾产生量 × 100%（折算系数为设置项；目标 2025 年底 60% 左右，发改环资〔2021〕642号）= ({} × {} + {} × {} + {} × {} + {} × {}) ÷ {} kg",
            f.recycling, f.composting, f.incineration, f.landfill,
            format_kg(routes[0]), f.recycling, format_kg(routes[1]), f.composting,
            format_kg(routes[2]), f.incineration, format_kg(routes[3]), f.landfill,
            format_kg(generated)
        ),
        resource_formula_en: format!(
            "household waste resource-use rate = (recycled × {} + kitchen waste treated (composting) × {} + incinerated with energy recovery × {} + landfilled × {}) ÷ household waste generated × 100% (factors are settings; target about 60% by end of 2025) = ({} × {} + {} × {} + {} × {} + {} × {}) ÷ {} kg",
            f.recycling, f.composting, f.incineration, f.landfill,
            format_kg(routes[0]), f.recycling, format_kg(routes[1]), f.composting,
            format_kg(routes[2]), f.incineration, format_kg(routes[3]), f.landfill,
            format_kg(generated)
        ),
        factors: f,
        warnings,
        counted_zh,
        counted_en,
    };
    Ok((rows, rates))
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
        errs.push(FieldError::new(
            None,
            "to",
            Rule::BadValue,
            &[("value", &to)],
        ));
    }
    if !errs.is_empty() {
        return Err(Error::Invalid(errs));
    }
    let cats = categories::categories(conn)?;
    let period_months = months_between(&from, &to);
    let period = sums(conn, cell, &from, &to)?;
    let (months, household) = household(conn, &period, &cats, &period_months)?;

    let first_year: i32 = from[..4].parse().unwrap_or(0);
    let (reduction, note) = match c.baseline_year {
        Some(by) if by < first_year => {
            let base = sums(conn, cell, &format!("{by:04}-01"), &format!("{by:04}-12"))?;
            let r = reduction::per_stream(&reduction::Inputs {
                period_months: &period_months,
                baseline_year: by,
                period: &by_stream(&period, &cats),
                baseline: &by_stream(&base, &cats),
                streams: &categories::streams(conn)?,
                kind: &c.kind,
                denominators: &categories::denominators(conn)?,
                figures: &super::activity::figures(conn, cell)?,
                activity_kinds: &categories::activity_kinds(conn)?,
            });
            (r, None)
        }
        Some(_) => (Vec::new(), Some("baseline_not_before".to_string())),
        None => (Vec::new(), Some("no_baseline".to_string())),
    };
    Ok(CellRates {
        cell_id: cell,
        from,
        to,
        months,
        household,
        baseline_year: c.baseline_year,
        reduction,
        reduction_note: note,
    })
}

/// The household-waste rates of every live cell together, from month `from` to month `to`
/// (both `YYYY-MM`), by the same formula as one cell's: each month of the period with
/// records, and the period's rates with their targets and formulas.
pub fn all_cells_household(
    conn: &Connection,
    from: &str,
    to: &str,
) -> Result<(Vec<MonthRate>, HouseholdRates)> {
    let s = all_cells_sums(conn, from, to)?;
    household(
        conn,
        &s,
        &categories::categories(conn)?,
        &months_between(from, to),
    )
}

/// The period's monthly rows and rates, and each month's rates on their own.
pub type EachMonth = (
    Vec<MonthRate>,
    HouseholdRates,
    Vec<(String, HouseholdRates)>,
);

/// [`all_cells_household`] over the period, and beside it the rates of each month of the
/// period on its own (what `all_cells_household(m, m)` gives), from one reading of the
/// records.
pub fn all_cells_household_each_month(
    conn: &Connection,
    from: &str,
    to: &str,
) -> Result<EachMonth> {
    let s = all_cells_sums(conn, from, to)?;
    let cats = categories::categories(conn)?;
    let period = months_between(from, to);
    let (rows, whole) = household(conn, &s, &cats, &period)?;
    let mut each = Vec::with_capacity(period.len());
    for m in period {
        let one: Sums = s
            .iter()
            .filter(|((month, _), _)| *month == m)
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        let (_, r) = household(conn, &one, &cats, std::slice::from_ref(&m))?;
        each.push((m, r));
    }
    Ok((rows, whole, each))
}

/// A set of live cells whose records are summed together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellSet {
    /// Every live cell.
    All,
    /// The cells counted in a reporting area (or a district standing as its own area): a
    /// cell's own area, else its district's, else its district (as the home page counts).
    Area(String),
    /// The cells of one kind.
    Kind(String),
}

/// The household-waste rates of the cells of `set` together, from month `from` to month `to`,
/// by the same formula as one cell's and as [`all_cells_household`].
pub fn household_of(
    conn: &Connection,
    set: &CellSet,
    from: &str,
    to: &str,
) -> Result<(Vec<MonthRate>, HouseholdRates)> {
    let s = set_sums(conn, set, from, to)?;
    household(
        conn,
        &s,
        &categories::categories(conn)?,
        &months_between(from, to),
    )
}

/// Reduction per stream of the cells of `set` together against the same months of
/// `baseline_year`, by the same comparison as one cell's (months compared, months missing);
/// per-capita denominators belong to a cell's kind and are left out.
pub fn reduction_of(
    conn: &Connection,
    set: &CellSet,
    from: &str,
    to: &str,
    baseline_year: i32,
) -> Result<Vec<StreamReduction>> {
    let cats = categories::categories(conn)?;
    let period = set_sums(conn, set, from, to)?;
    let base = set_sums(
        conn,
        set,
        &format!("{baseline_year:04}-01"),
        &format!("{baseline_year:04}-12"),
    )?;
    Ok(reduction::per_stream(&reduction::Inputs {
        period_months: &months_between(from, to),
        baseline_year,
        period: &by_stream(&period, &cats),
        baseline: &by_stream(&base, &cats),
        streams: &categories::streams(conn)?,
        kind: "",
        denominators: &[],
        figures: &[],
        activity_kinds: &[],
    }))
}

/// A set of cells' figures over a period beside the same months of a baseline year.
#[derive(Debug, Clone, PartialEq)]
pub struct SetFigures {
    /// The period's months with records.
    pub months: Vec<MonthRate>,
    /// The period's household rates.
    pub household: HouseholdRates,
    /// The household rates of the baseline months (when a baseline is given).
    pub baseline: Option<HouseholdRates>,
    /// Reduction per stream against the baseline year (empty without one).
    pub reduction: Vec<StreamReduction>,
}

/// [`household_of`] over `from`..`to` and over the baseline months `base.1`..`base.2` of
/// year `base.0`, and [`reduction_of`] against that year, reading each year's records once.
pub fn set_figures(
    conn: &Connection,
    set: &CellSet,
    from: &str,
    to: &str,
    base: Option<(i32, &str, &str)>,
) -> Result<SetFigures> {
    let cats = categories::categories(conn)?;
    let period_months = months_between(from, to);
    let period = set_sums(conn, set, from, to)?;
    let (months, whole) = household(conn, &period, &cats, &period_months)?;
    let (baseline, reduction) = match base {
        Some((by, bfrom, bto)) => {
            let year = set_sums(conn, set, &format!("{by:04}-01"), &format!("{by:04}-12"))?;
            let part: Sums = year
                .iter()
                .filter(|((m, _), _)| m.as_str() >= bfrom && m.as_str() <= bto)
                .map(|(k, v)| (k.clone(), *v))
                .collect();
            let (_, bh) = household(conn, &part, &cats, &months_between(bfrom, bto))?;
            let red = reduction::per_stream(&reduction::Inputs {
                period_months: &period_months,
                baseline_year: by,
                period: &by_stream(&period, &cats),
                baseline: &by_stream(&year, &cats),
                streams: &categories::streams(conn)?,
                kind: "",
                denominators: &[],
                figures: &[],
                activity_kinds: &[],
            });
            (Some(bh), red)
        }
        None => (None, Vec::new()),
    };
    Ok(SetFigures {
        months,
        household: whole,
        baseline,
        reduction,
    })
}

fn set_sums(conn: &Connection, set: &CellSet, from: &str, to: &str) -> Result<Sums> {
    match set {
        CellSet::All => all_cells_sums(conn, from, to),
        CellSet::Area(a) => filtered_sums(
            conn,
            "coalesce((SELECT area FROM cell_places p WHERE p.cell_id = c.id AND p.deleted = 0),
                      (SELECT area FROM reporting_area_districts d
                       WHERE d.district = c.district AND d.deleted = 0), c.district) = ?3",
            a,
            from,
            to,
        ),
        CellSet::Kind(k) => filtered_sums(conn, "c.kind = ?3", k, from, to),
    }
}

/// The records of the live cells matching `cond` (on `c`, the cell, with `?3` = `arg`).
fn filtered_sums(conn: &Connection, cond: &str, arg: &str, from: &str, to: &str) -> Result<Sums> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT r.month, r.category, r.generated_g, r.recycled_g, r.composted_g,
                r.incinerated_g, r.landfilled_g
         FROM cells c JOIN cell_records r ON r.cell_id = c.id
         WHERE c.deleted = 0 AND {cond} AND r.month BETWEEN ?1 AND ?2 AND r.deleted = 0"
    ))?;
    let rows = st.query_map((from, to, arg), |r| {
        Ok((
            (r.get::<_, String>(0)?, r.get::<_, String>(1)?),
            [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
        ))
    })?;
    let mut out = Sums::new();
    for row in rows {
        let (k, q) = row?;
        let e: &mut [i64; 5] = out.entry(k).or_default();
        for (a, b) in e.iter_mut().zip(q) {
            *a = a.saturating_add(b);
        }
    }
    Ok(out)
}

/// The records of every live cell summed by month and category.
fn all_cells_sums(conn: &Connection, from: &str, to: &str) -> Result<Sums> {
    // Summed here rather than by GROUP BY month, category: the grouping sorted every record of
    // the period (measured on 2,000 cells over a year: four times the scan itself). Months
    // and categories are few, so a group is found by position.
    let mut st = conn.prepare_cached(
        "SELECT r.month, r.category, r.generated_g, r.recycled_g, r.composted_g,
                r.incinerated_g, r.landfilled_g
         FROM cell_records r JOIN cells c ON c.id = r.cell_id AND c.deleted = 0
         WHERE r.month BETWEEN ?1 AND ?2 AND r.deleted = 0",
    )?;
    let mut keys: Vec<(String, String)> = Vec::new();
    let mut sums: Vec<[i64; 5]> = Vec::new();
    let mut last = 0;
    let mut rows = st.query((from, to))?;
    while let Some(r) = rows.next()? {
        let month = r.get_ref(0)?.as_str().unwrap_or("");
        let cat = r.get_ref(1)?.as_str().unwrap_or("");
        let same = |k: &(String, String)| k.0 == month && k.1 == cat;
        let i = if keys.get(last).is_some_and(same) {
            last
        } else if let Some(i) = keys.iter().position(same) {
            i
        } else {
            keys.push((month.into(), cat.into()));
            sums.push([0; 5]);
            keys.len() - 1
        };
        last = i;
        for (k, v) in sums[i].iter_mut().enumerate() {
            *v = v.saturating_add(r.get::<_, i64>(2 + k)?);
        }
    }
    Ok(keys.into_iter().zip(sums).collect())
}
