//! The figures a city uses to supervise construction-waste transport: 联单闭环率 (closed ÷
//! dispatched) and 联单覆盖率 (tonnes under a manifest ÷ what sites declared would leave
//! them), the counts of overdue, discrepant, refused and overloaded loads by transporter and by
//! site, and monthly totals by category and district. A period is the local months of
//! departure.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;
use serde::Serialize;

use super::manifests::{density, CATEGORIES};
use crate::cells::records::check_month;
use crate::error::{Error, FieldError, Result, Rule};
use crate::profile::setting_or_default;

/// 联单闭环率, Chinese.
pub const CLOSURE_FORMULA_ZH: &str = "联单闭环率 = 已关闭联单数 ÷ 已出车联单数 × 100%（按出车月份；已出车含已接收、已关闭，不含草稿和作废）";
/// 联单闭环率, English.
pub const CLOSURE_FORMULA_EN: &str = "manifest closure rate = manifests closed ÷ manifests dispatched × 100% (by month of departure; dispatched includes received and closed, not drafts or cancelled ones)";
/// 联单覆盖率, Chinese.
pub const COVERAGE_FORMULA_ZH: &str = "联单覆盖率 = 有联单运出的量 ÷ 工地申报应运出的量 × 100%；只计当月有申报的工地：应运出量 = 申报产生量 − 现场利用量（土方平衡运往其他工地也须有联单，计入应运出量），联单量按申报量计（立方米按出车时冻结的密度折算为吨）。台账不记录工地的实际出车数，故以申报量为口径；未申报的工地·月不计入。";
/// 联单覆盖率, English.
pub const COVERAGE_FORMULA_EN: &str = "manifest coverage = tonnes carried under a manifest ÷ tonnes sites declared would leave them × 100%; only site-months with a declaration count: to leave = declared generated − reused on site (earthwork balance to other sites travels under manifests too, so it is included); a manifest counts its declared quantity (m³ through the density frozen at dispatch). The ledger holds no count of the trucks that actually left a site, so declarations are the reference; site-months without one are left out.";

/// LoadCounts of one transporter, site or the whole period.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LoadCounts {
    /// Transporter or site id (empty for the total).
    pub key: String,
    /// Its name.
    pub name: String,
    /// Dispatched (received and closed included).
    pub dispatched: i64,
    /// Received (closed included).
    pub received: i64,
    /// Closed.
    pub closed: i64,
    /// Overdue: not received within the limit, or received after it.
    pub overdue: i64,
    /// Received quantity off the declared one beyond the tolerance.
    pub discrepancy: i64,
    /// Refused or partly refused.
    pub refused: i64,
    /// Overloaded (dispatched with an overload reason).
    pub overload: i64,
    /// closed ÷ dispatched, %.
    pub closure_rate: Option<f64>,
}

/// One month's loads of a category from a district's sites.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MonthlyTotal {
    /// Month of departure.
    pub month: String,
    /// District code of the sites.
    pub district: String,
    /// District name.
    pub district_name: String,
    /// Category key.
    pub category: String,
    /// Loads dispatched.
    pub loads: i64,
    /// Declared, tonnes (m³ through the density).
    pub declared_t: f64,
    /// Received net of refusals, tonnes.
    pub received_t: f64,
}

/// The supervision figures of a period.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Supervision {
    /// First month.
    pub from: String,
    /// Last month.
    pub to: String,
    /// Over the period.
    pub total: LoadCounts,
    /// By transporter.
    pub by_transporter: Vec<LoadCounts>,
    /// By site.
    pub by_site: Vec<LoadCounts>,
    /// By month of departure, every month of the period (key and name: `YYYY-MM`); each is
    /// what the period of that month alone gives.
    pub by_month: Vec<LoadCounts>,
    /// Tonnes under a manifest from site-months with a declaration.
    pub manifested_t: f64,
    /// Tonnes those site-months declared would leave them.
    pub declared_outflow_t: f64,
    /// Site-months with a declaration.
    pub declared_site_months: i64,
    /// 联单覆盖率, %: `None` when no site declared.
    pub coverage_rate: Option<f64>,
    /// By month, district and category.
    pub monthly: Vec<MonthlyTotal>,
    /// The overdue limit used, hours.
    pub overdue_hours: f64,
    /// The tolerance used, %.
    pub tolerance_pct: f64,
    /// Densities used for loads in m³ without one frozen on the manifest (category, t/m³).
    pub densities: Vec<(String, f64)>,
    /// Formulas.
    pub closure_formula_zh: &'static str,
    /// Formulas.
    pub closure_formula_en: &'static str,
    /// Formulas.
    pub coverage_formula_zh: &'static str,
    /// Formulas.
    pub coverage_formula_en: &'static str,
}

fn has_frozen_density(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT count(*) FROM pragma_table_info('cw_manifests') WHERE name = 'density_kg_m3'",
        [],
        |r| r.get::<_, i64>(0),
    )? > 0)
}

fn utc(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The figures from month `from` to month `to`.
pub fn supervision(conn: &Connection, from: &str, to: &str) -> Result<Supervision> {
    let mut e = Vec::new();
    let from = check_month(from)
        .map_err(|c| e.push(FieldError::new(None, "from", c, &[("value", from)])))
        .unwrap_or_default();
    let to = check_month(to)
        .map_err(|c| e.push(FieldError::new(None, "to", c, &[("value", to)])))
        .unwrap_or_default();
    if !from.is_empty() && !to.is_empty() && from > to {
        e.push(FieldError::new(
            None,
            "to",
            Rule::BadValue,
            &[("value", &to)],
        ));
    }
    if !e.is_empty() {
        return Err(Error::Invalid(e));
    }
    let num =
        |k: &str, d: f64| -> Result<f64> { Ok(setting_or_default(conn, k)?.parse().unwrap_or(d)) };
    let hours = num("cw.overdue_hours", 6.0)?;
    let tol = num("cw.tolerance_pct", 10.0)?;
    let limit = Duration::minutes((hours * 60.0) as i64);
    let now = Utc::now();
    let mut dens: HashMap<String, i64> = HashMap::new();
    for c in CATEGORIES {
        dens.insert(c.0.into(), (density(conn, c.0)? * 1000.0).round() as i64);
    }
    let (names, starts) = super::resource_use::months(&from, &to);
    let frozen = if has_frozen_density(conn)? {
        "m.density_kg_m3"
    } else {
        "NULL"
    };
    let mut st = conn.prepare(&format!(
        "SELECT m.site_id, s.name, s.district, m.transporter_id, coalesce(t.name, ''), m.category,
                m.unit, m.declared_qty, {frozen}, m.overload_reason IS NOT NULL, m.status, m.outcome,
                m.received_qty, m.refused_qty, m.departure_at, m.received_at
         FROM cw_manifests m JOIN cw_sites s ON s.id = m.site_id
         LEFT JOIN cw_transporters t ON t.id = m.transporter_id
         WHERE m.deleted = 0 AND m.status IN ('dispatched', 'received', 'closed')
           AND m.departure_at >= ?1 AND m.departure_at < ?2"
    ))?;
    let lo = starts.first().cloned().unwrap_or_default();
    let hi = starts.last().cloned().unwrap_or_default();
    let mut rows = st.query((&lo, &hi))?;
    let mut total = LoadCounts::default();
    let mut by_t: HashMap<String, LoadCounts> = HashMap::new();
    let mut by_s: HashMap<String, LoadCounts> = HashMap::new();
    let mut by_m: Vec<LoadCounts> = names
        .iter()
        .map(|m| LoadCounts {
            key: m.clone(),
            name: m.clone(),
            ..Default::default()
        })
        .collect();
    let mut monthly: BTreeMap<(String, String, String), (i64, f64, f64)> = BTreeMap::new();
    let mut manifested: HashMap<(String, String), f64> = HashMap::new();
    let mut used_setting: BTreeMap<String, f64> = BTreeMap::new();
    while let Some(r) = rows.next()? {
        let site: crate::ids::RefId = r.get(0)?;
        let site_name: String = r.get(1)?;
        let district: String = r.get(2)?;
        let tr: Option<crate::ids::RefId> = r.get(3)?;
        let tr_name: String = r.get(4)?;
        let cat: String = r.get(5)?;
        let unit: String = r.get(6)?;
        let declared: i64 = r.get(7)?;
        let frozen: Option<i64> = r.get(8)?;
        let overload: bool = r.get(9)?;
        let status: String = r.get(10)?;
        let outcome: Option<String> = r.get(11)?;
        let received: Option<i64> = r.get(12)?;
        let refused: Option<i64> = r.get(13)?;
        let dep: String = r.get(14)?;
        let rec_at: Option<String> = r.get(15)?;
        // Declared grams: cm³ × kg/m³ ÷ 1000 for a load declared in m³.
        let declared_g = if unit == "m3" {
            let k = frozen.unwrap_or_else(|| {
                let k = dens.get(&cat).copied().unwrap_or(1500);
                used_setting.insert(cat.clone(), k as f64 / 1000.0);
                k
            });
            declared * k / 1000
        } else {
            declared
        };
        let dep_t = utc(&dep);
        let overdue = match (dep_t, rec_at.as_deref().and_then(utc)) {
            (Some(d), Some(r)) => r - d > limit,
            (Some(d), None) => status == "dispatched" && now - d > limit,
            _ => false,
        };
        let discrepancy = matches!(status.as_str(), "received" | "closed")
            && received
                .is_some_and(|g| ((g - declared_g).abs() as f64) * 100.0 > tol * declared_g as f64);
        let refused_load = matches!(outcome.as_deref(), Some("refused" | "partial"));
        let m = starts
            .partition_point(|s| s.as_str() <= dep.as_str())
            .saturating_sub(1);
        let month = names.get(m).cloned().unwrap_or_default();
        let add = |c: &mut LoadCounts| {
            c.dispatched += 1;
            c.received += matches!(status.as_str(), "received" | "closed") as i64;
            c.closed += (status == "closed") as i64;
            c.overdue += overdue as i64;
            c.discrepancy += discrepancy as i64;
            c.refused += refused_load as i64;
            c.overload += overload as i64;
        };
        add(&mut total);
        let t = by_t
            .entry(tr.map(|t| t.to_string()).unwrap_or_default())
            .or_insert_with(|| LoadCounts {
                key: tr.map(|t| t.to_string()).unwrap_or_default(),
                name: if tr_name.is_empty() {
                    "—".into()
                } else {
                    tr_name
                },
                ..Default::default()
            });
        add(t);
        let s = by_s.entry(site.to_string()).or_insert_with(|| LoadCounts {
            key: site.to_string(),
            name: site_name,
            ..Default::default()
        });
        add(s);
        if let Some(c) = by_m.get_mut(m) {
            add(c);
        }
        let net = received.unwrap_or(0) - refused.unwrap_or(0);
        let x = monthly.entry((month.clone(), district, cat)).or_default();
        x.0 += 1;
        x.1 += declared_g as f64 / 1e6;
        x.2 += net as f64 / 1e6;
        *manifested.entry((site.to_string(), month)).or_default() += declared_g as f64 / 1e6;
    }
    drop(rows);

    // Coverage over the site-months that declared.
    let mut outflow: HashMap<(String, String), f64> = HashMap::new();
    let mut st = conn.prepare_cached(
        "SELECT site_id, month, total(generated_g - reused_g) FROM cw_site_declarations
         WHERE month BETWEEN ?1 AND ?2 AND deleted = 0 GROUP BY site_id, month",
    )?;
    let mut rows = st.query((&from, &to))?;
    while let Some(r) = rows.next()? {
        let site: crate::ids::RefId = r.get(0)?;
        outflow.insert((site.to_string(), r.get(1)?), r.get::<_, f64>(2)? / 1e6);
    }
    drop(rows);
    let declared_outflow_t: f64 = outflow.values().sum::<f64>() + 0.0;
    let manifested_t: f64 = outflow
        .keys()
        .map(|k| manifested.get(k).copied().unwrap_or(0.0))
        .sum::<f64>()
        + 0.0;
    let district_names: HashMap<String, String> = conn
        .prepare_cached("SELECT code, name FROM districts")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let finish = |mut c: LoadCounts| {
        c.closure_rate = (c.dispatched > 0).then(|| c.closed as f64 * 100.0 / c.dispatched as f64);
        c
    };
    let sorted = |m: HashMap<String, LoadCounts>| {
        let mut v: Vec<LoadCounts> = m.into_values().map(finish).collect();
        v.sort_by(|a, b| a.name.cmp(&b.name).then(a.key.cmp(&b.key)));
        v
    };
    Ok(Supervision {
        total: finish(total),
        by_transporter: sorted(by_t),
        by_site: sorted(by_s),
        by_month: by_m.into_iter().map(finish).collect(),
        manifested_t,
        declared_outflow_t,
        declared_site_months: outflow.len() as i64,
        coverage_rate: (declared_outflow_t > 0.0)
            .then(|| manifested_t * 100.0 / declared_outflow_t),
        monthly: monthly
            .into_iter()
            .map(
                |((month, district, category), (loads, d, r))| MonthlyTotal {
                    district_name: district_names.get(&district).cloned().unwrap_or_default(),
                    month,
                    district,
                    category,
                    loads,
                    declared_t: d,
                    received_t: r,
                },
            )
            .collect(),
        overdue_hours: hours,
        tolerance_pct: tol,
        densities: used_setting.into_iter().collect(),
        closure_formula_zh: CLOSURE_FORMULA_ZH,
        closure_formula_en: CLOSURE_FORMULA_EN,
        coverage_formula_zh: COVERAGE_FORMULA_ZH,
        coverage_formula_en: COVERAGE_FORMULA_EN,
        from,
        to,
    })
}
