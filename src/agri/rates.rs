//! Recovery rates and coverage, by district, township or point, over a period, each with its
//! formula:
//!
//! - 农膜回收率 = film recovered ÷ film used × 100%;
//! - 农药包装废弃物回收率 = packaging recovered ÷ packaging generated (estimated from dealers'
//!   sales by the rule in the settings) × 100%. No official formula exists and the estimate
//!   can fall short of what farmers return (Zhejiang reported 164 % for 2020), so a rate over
//!   100 % is shown with a warning and the estimate's basis, never refused;
//! - 农业废弃物收储运体系覆盖率 = villages with a point active in the period ÷ all villages.

use std::collections::HashMap;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::basis::{estimate, Estimate};
use crate::error::{FieldError, Result, Rule};
use crate::ids::RefId;

/// What to compute.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriRatesQuery"))]
pub struct RatesQuery {
    /// `district`, `township` (default) or `point`.
    pub by: String,
    /// First date (inclusive).
    pub from: String,
    /// Last date (inclusive).
    pub to: String,
    /// Only this district (code); empty: every district.
    pub district: String,
}

/// One area's (or point's) figures.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriRateRow"))]
pub struct RateRow {
    /// District code.
    pub district: String,
    /// Township or point name ("" for a district row, "（未指定乡镇）" for no township).
    pub name: String,
    /// Film recovered, g.
    pub film_recovered_g: i64,
    /// Film used, g (none for a point).
    pub film_used_g: Option<i64>,
    /// 农膜回收率, %.
    pub film_rate: Option<f64>,
    /// Packaging recovered, g.
    pub pkg_recovered_g: i64,
    /// Packaging recovered, pieces.
    pub pkg_recovered_count: i64,
    /// Packaging generated (estimated): grams by `share`, pieces by `count`.
    pub pkg_generated: Option<i64>,
    /// 农药包装废弃物回收率, %.
    pub pkg_rate: Option<f64>,
    /// All villages.
    pub villages: Option<i64>,
    /// Villages with an active point.
    pub villages_covered: Option<i64>,
    /// 覆盖率, %.
    pub coverage: Option<f64>,
    /// Warnings (a rate over 100 %).
    pub warnings: Vec<FieldError>,
}

/// The rates with their formulas and the estimate's basis.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriRates"))]
pub struct Rates {
    /// The query as run.
    pub by: String,
    /// First date.
    pub from: String,
    /// Last date.
    pub to: String,
    /// Rows.
    pub rows: Vec<RateRow>,
    /// The packaging estimate in force.
    pub estimate: Estimate,
    /// Formulas: (Chinese, English).
    pub formulas: Vec<(String, String)>,
}

/// The formulas printed under the figures.
pub fn formulas(est: &Estimate) -> Vec<(String, String)> {
    vec![
        (
            "农膜回收率 = 回收量 ÷ 使用量 × 100%".into(),
            "film recovery rate = recovered ÷ used × 100%".into(),
        ),
        (
            format!(
                "农药包装废弃物回收率 = 回收量 ÷ 估算产生量 × 100%；{}",
                est.basis_zh
            ),
            format!(
                "pesticide packaging recovery rate = recovered ÷ estimated generated × 100%; {}",
                est.basis_en
            ),
        ),
        (
            "农业废弃物收储运体系覆盖率 = 有运营回收站点的村数 ÷ 村总数 × 100%".into(),
            "coverage = villages with an active recovery point ÷ all villages × 100%".into(),
        ),
    ]
}

/// Area key: (district, township) for `township`, (district, None) for `district`.
type Area = (String, Option<RefId>);

/// A point as the rates read it: district, township, name, village, active in the period.
type PointArea = (String, Option<RefId>, String, Option<RefId>, bool);

/// Computes the rates.
pub fn rates(conn: &Connection, q: &RatesQuery) -> Result<Rates> {
    let by = match q.by.as_str() {
        "district" | "point" => q.by.clone(),
        _ => "township".to_string(),
    };
    let to = if q.to.is_empty() {
        "9999-12-31".to_string()
    } else {
        q.to.clone()
    };
    let est = estimate(conn)?;
    // Points: their area, and whether active in the period.
    let mut pts: HashMap<RefId, PointArea> = HashMap::new();
    {
        let mut st = conn.prepare(
            "SELECT id, district, township_id, name, village_id,
                    active_from <= ?2 AND (active_to IS NULL OR active_to >= ?1)
             FROM agri_points WHERE deleted = 0 AND (?3 = '' OR district = ?3)",
        )?;
        let mut rows = st.query(rusqlite::params![q.from, to, q.district])?;
        while let Some(r) = rows.next()? {
            pts.insert(
                r.get(0)?,
                (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?),
            );
        }
    }
    let area_of = |d: &str, t: Option<RefId>| -> Area {
        if by == "district" {
            (d.to_string(), None)
        } else {
            (d.to_string(), t)
        }
    };
    // Recovered, summed by point, then by area.
    let mut rec: HashMap<RefId, [i64; 3]> = HashMap::new();
    {
        let mut st = conn.prepare_cached(
            "SELECT point_id, stream, sum(weight_g), sum(count) FROM agri_entries
             WHERE date BETWEEN ?1 AND ?2 AND deleted = 0 GROUP BY point_id, stream",
        )?;
        let mut rows = st.query(rusqlite::params![q.from, to])?;
        while let Some(r) = rows.next()? {
            let (p, s, g, c): (RefId, String, i64, i64) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let x = rec.entry(p).or_default();
            if s == "film" {
                x[0] += g;
            } else {
                x[1] += g;
                x[2] += c;
            }
        }
    }
    let names = place_names(conn)?;
    if by == "point" {
        let mut rows: Vec<RateRow> = pts
            .iter()
            .map(|(id, (d, _, name, _, _))| {
                let x = rec.get(id).copied().unwrap_or_default();
                row(d.clone(), name.clone(), x, None, None, None, &est)
            })
            .collect();
        rows.sort_by(|a, b| (&a.district, &a.name).cmp(&(&b.district, &b.name)));
        return Ok(Rates {
            by,
            from: q.from.clone(),
            to,
            rows,
            formulas: formulas(&est),
            estimate: est,
        });
    }
    let mut areas: HashMap<Area, ([i64; 3], i64, i64)> = HashMap::new();
    for (id, (d, t, _, _, _)) in &pts {
        let x = rec.get(id).copied().unwrap_or_default();
        let a = areas.entry(area_of(d, *t)).or_default();
        for (sum, v) in a.0.iter_mut().zip(x) {
            *sum += v;
        }
    }
    // The basis: film used and pesticide sold in the period, by area.
    for (table, col) in [("agri_film_use", "0"), ("agri_pesticide_sales", "packages")] {
        let mut st = conn.prepare(&format!(
            "SELECT district, township_id, sum(weight_g), sum({col}) FROM {table}
             WHERE date BETWEEN ?1 AND ?2 AND deleted = 0 AND (?3 = '' OR district = ?3)
             GROUP BY district, township_id"
        ))?;
        let mut rows = st.query(rusqlite::params![q.from, to, q.district])?;
        while let Some(r) = rows.next()? {
            let (d, t, g, c): (String, Option<RefId>, i64, i64) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let a = areas.entry(area_of(&d, t)).or_default();
            if table == "agri_film_use" {
                a.1 += g;
            } else if est.rule == "count" {
                a.2 += c;
            } else {
                a.2 += (g as f64 * est.share_pct / 100.0).round() as i64;
            }
        }
    }
    // Coverage: villages, and those with a point active in the period.
    let mut villages: HashMap<Area, (i64, i64)> = HashMap::new();
    let covered: std::collections::HashSet<RefId> =
        pts.values().filter(|p| p.4).filter_map(|p| p.3).collect();
    {
        let mut st = conn.prepare(
            "SELECT id, district, parent_id FROM agri_places
             WHERE deleted = 0 AND parent_id IS NOT NULL AND (?1 = '' OR district = ?1)",
        )?;
        let mut rows = st.query([&q.district])?;
        while let Some(r) = rows.next()? {
            let (id, d, t): (RefId, String, Option<RefId>) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let v = villages.entry(area_of(&d, t)).or_default();
            v.0 += 1;
            v.1 += i64::from(covered.contains(&id));
        }
    }
    for k in villages.keys() {
        areas.entry(k.clone()).or_default();
    }
    let mut rows: Vec<RateRow> = areas
        .into_iter()
        .map(|((d, t), (x, used, gen))| {
            let name = match t {
                Some(t) => names.get(&t).cloned().unwrap_or_default(),
                None if by == "district" => String::new(),
                None => "（未指定乡镇）".into(),
            };
            let v = villages.get(&(d.clone(), t)).copied();
            row(d, name, x, Some(used), Some(gen), v, &est)
        })
        .collect();
    rows.sort_by(|a, b| (&a.district, &a.name).cmp(&(&b.district, &b.name)));
    Ok(Rates {
        by,
        from: q.from.clone(),
        to,
        rows,
        formulas: formulas(&est),
        estimate: est,
    })
}

fn place_names(conn: &Connection) -> Result<HashMap<RefId, String>> {
    let mut st = conn.prepare("SELECT id, name FROM agri_places WHERE parent_id IS NULL")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn row(
    district: String,
    name: String,
    x: [i64; 3],
    used: Option<i64>,
    gen: Option<i64>,
    villages: Option<(i64, i64)>,
    est: &Estimate,
) -> RateRow {
    let film_rate = used.and_then(|u| super::pct(x[0], u));
    let recovered = if est.rule == "count" { x[2] } else { x[1] };
    let pkg_rate = gen.and_then(|g| super::pct(recovered, g));
    let mut warnings = Vec::new();
    if let Some(r) = pkg_rate.filter(|r| *r > 100.0) {
        warnings.push(over_100(
            "pkg_rate",
            "农药包装废弃物回收率",
            "the pesticide packaging recovery rate",
            r,
            est,
        ));
    }
    if let Some(r) = film_rate.filter(|r| *r > 100.0) {
        warnings.push(over_100(
            "film_rate",
            "农膜回收率",
            "the film recovery rate",
            r,
            est,
        ));
    }
    RateRow {
        district,
        name,
        film_recovered_g: x[0],
        film_used_g: used,
        film_rate,
        pkg_recovered_g: x[1],
        pkg_recovered_count: x[2],
        pkg_generated: gen,
        pkg_rate,
        villages: villages.map(|v| v.0),
        villages_covered: villages.map(|v| v.1),
        coverage: villages.and_then(|v| super::pct(v.1, v.0)),
        warnings,
    }
}

/// The warning of a rate over 100 %: a figure to check, never a refusal.
fn over_100(field: &str, what: &str, what_en: &str, rate: f64, est: &Estimate) -> FieldError {
    let (basis, basis_en) = if field == "film_rate" {
        ("使用量按农膜使用台账", "film used as recorded")
    } else {
        (est.short_zh.as_str(), est.short_en.as_str())
    };
    FieldError::new(
        None,
        field,
        Rule::RateOver100,
        &[
            ("what", what),
            ("what_en", what_en),
            ("rate", &format!("{rate:.1}")),
            ("basis", basis),
            ("basis_en", basis_en),
        ],
    )
}

/// Rows of [`rates`] taken together (a city's or a reporting area's districts): their sums
/// through the same formulas as one row's.
pub fn total_of(rows: &[&RateRow], name: &str, est: &Estimate) -> RateRow {
    let sum_opt = |f: &dyn Fn(&RateRow) -> Option<i64>| -> Option<i64> {
        rows.iter()
            .filter_map(|r| f(r))
            .fold(None, |a, v| Some(a.unwrap_or(0) + v))
    };
    let x = [
        rows.iter().map(|r| r.film_recovered_g).sum(),
        rows.iter().map(|r| r.pkg_recovered_g).sum(),
        rows.iter().map(|r| r.pkg_recovered_count).sum(),
    ];
    let villages =
        sum_opt(&|r| r.villages).map(|v| (v, sum_opt(&|r| r.villages_covered).unwrap_or(0)));
    row(
        String::new(),
        name.to_string(),
        x,
        sum_opt(&|r| r.film_used_g),
        sum_opt(&|r| r.pkg_generated),
        villages,
        est,
    )
}
