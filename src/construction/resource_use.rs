//! Facility output and the construction-waste resource-use rate (建筑垃圾综合利用率):
//! reused ÷ generated, by district, site or facility over a period, with the formula and the
//! densities used to turn cubic metres into tonnes.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::manifests::{density, CATEGORIES};
use super::registers::find;
use crate::cells::records::check_month;
use crate::db::Ledger;
use crate::error::{Error, FieldError, Result};
use crate::ids::RefId;
use crate::units::{parse_million, QuantityError};

/// Output products: key, Chinese, English. `landfill` is what is not reused.
pub const PRODUCTS: &[(&str, &str, &str)] = &[
    ("aggregate", "再生骨料", "Recycled aggregate"),
    ("brick", "再生砖", "Recycled bricks"),
    ("backfill", "回填料", "Backfill"),
    ("other", "其他再生产品", "Other recycled products"),
    ("landfill", "填埋", "Sent to landfill"),
];

/// The formula, Chinese.
pub const FORMULA_ZH: &str = "建筑垃圾综合利用率 = 再生利用量 ÷ 产生量 × 100%；产生量为设施过磅接收的净量（接收量 − 拒收量，按接收月份），再生利用量为设施当月产出的再生产品（不含填埋）；按工地或区划统计时，设施的再生利用量按各工地运入量的比例分摊；立方米按各类别密度折算为吨";
/// The formula, English.
pub const FORMULA_EN: &str = "resource-use rate = reused ÷ generated × 100%; generated = net tonnes received at facilities (received − refused, by month of reception); reused = the facilities' recycled products of those months (landfill excluded); by site or district, a facility's reuse is shared out in proportion to what each site delivered; m³ become tonnes through each category's density";

/// Records one month of a facility's output, in tonnes per product (replacing that month).
pub fn record_output(
    l: &mut Ledger,
    facility: &str,
    month: &str,
    tonnes: &[(String, String)],
) -> Result<usize> {
    l.write(|w| {
        let f = find(w.tx(), super::registers::Register::Facility, facility)?;
        let mut e = Vec::new();
        let month = check_month(month)
            .map_err(|c| e.push(FieldError::new(None, "month", c, &[("value", month)])))
            .unwrap_or_default();
        let mut rows = Vec::new();
        for (i, (product, qty)) in tonnes.iter().enumerate() {
            let row = Some(i + 1);
            let key = PRODUCTS
                .iter()
                .find(|p| p.0 == product.trim() || p.1 == product.trim())
                .map(|p| p.0);
            if key.is_none() {
                e.push(FieldError::new(row, "product", "bad_value", &[("value", product.trim())]));
            }
            match parse_million(qty) {
                Ok(Some(g)) => rows.push((key.unwrap_or(""), g)),
                Ok(None) => {}
                Err(QuantityError::Negative) => e.push(FieldError::new(row, "qty", "negative", &[])),
                Err(QuantityError::Malformed) => {
                    e.push(FieldError::new(row, "qty", "bad_quantity", &[("value", qty.trim())]))
                }
            }
        }
        if !e.is_empty() {
            return Err(Error::Invalid(e));
        }
        let key = "facility_id = ?1 AND month = ?2 AND product = ?3";
        for (product, g) in &rows {
            let at = (f, month.as_str(), *product);
            let before = crate::audit::state_where(w.tx(), "cw_facility_outputs", key, at)?;
            let id: RefId = match &before {
                Some(b) => b.json["id"].as_str().and_then(|s| s.parse().ok()).unwrap_or_default(),
                None => RefId::new(),
            };
            w.tx().execute(
                "INSERT INTO cw_facility_outputs (id, facility_id, month, product, qty_g, created_at,
                    updated_at, origin, clock) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)
                 ON CONFLICT (facility_id, month, product) DO UPDATE SET qty_g = excluded.qty_g,
                    deleted = 0, updated_at = excluded.updated_at, origin = excluded.origin,
                    clock = excluded.clock",
                rusqlite::params![id, f, month, product, g, w.now_ms(), w.origin(), w.clock()],
            )?;
            w.log_where("cw_facility_outputs", id.as_bytes(), before, None, key, at)?;
        }
        Ok(rows.len())
    })
}

/// One group's figures.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RateRow {
    /// District code, site id or facility id.
    pub key: String,
    /// Its name.
    pub name: String,
    /// Generated, tonnes.
    pub generated_t: f64,
    /// Reused, tonnes.
    pub reused_t: f64,
    /// reused ÷ generated × 100.
    pub rate: Option<f64>,
}

/// The resource-use rate of a period.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ResourceUse {
    /// `district`, `site` or `facility`.
    pub by: String,
    /// First month.
    pub from: String,
    /// Last month.
    pub to: String,
    /// One row per group.
    pub rows: Vec<RateRow>,
    /// Over all groups.
    pub total: RateRow,
    /// Densities used (category, t/m³).
    pub densities: Vec<(String, f64)>,
    /// Formula, Chinese.
    pub formula_zh: &'static str,
    /// Formula, English.
    pub formula_en: &'static str,
}

/// The rate by `by` (`district`, `site`, `facility`) from month `from` to month `to`.
pub fn rate(conn: &Connection, by: &str, from: &str, to: &str) -> Result<ResourceUse> {
    let mut e = Vec::new();
    let from = check_month(from)
        .map_err(|c| e.push(FieldError::new(None, "from", c, &[("value", from)])))
        .unwrap_or_default();
    let to = check_month(to)
        .map_err(|c| e.push(FieldError::new(None, "to", c, &[("value", to)])))
        .unwrap_or_default();
    if !matches!(by, "district" | "site" | "facility") {
        e.push(FieldError::new(None, "by", "bad_value", &[("value", by)]));
    }
    if !e.is_empty() {
        return Err(Error::Invalid(e));
    }
    let densities: Vec<(String, f64)> = CATEGORIES
        .iter()
        .map(|c| Ok((c.0.to_string(), density(conn, c.0)?)))
        .collect::<Result<_>>()?;
    // Bounds in UTC that cover the local months (China has no daylight saving: a fixed
    // offset); the months of reception are local months.
    let bounds = |m: &str, next: bool| -> String {
        let (y, mo): (i32, u32) = (m[..4].parse().unwrap_or(2000), m[5..].parse().unwrap_or(1));
        let (y, mo) = if next {
            if mo == 12 {
                (y + 1, 1)
            } else {
                (y, mo + 1)
            }
        } else {
            (y, mo)
        };
        let local = chrono::NaiveDate::from_ymd_opt(y, mo, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .and_then(|d| chrono::TimeZone::from_local_datetime(&chrono::Local, &d).earliest());
        local
            .map(|t| {
                t.with_timezone(&chrono::Utc)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            })
            .unwrap_or_default()
    };
    // Net tonnes delivered by each site to each facility in the period. The loads stream
    // from the covering index and are summed here: measured, a hash map is several times
    // faster than SQLite's GROUP BY over two 16-byte keys, which sorts.
    let density_of: HashMap<String, f64> = densities.iter().cloned().collect();
    let mut sums: HashMap<([u8; 16], [u8; 16]), f64> = HashMap::new();
    let mut st = conn.prepare_cached(
        "SELECT m.site_id, m.facility_id, m.category, m.unit, m.received_qty, m.refused_qty
         FROM cw_manifests m INDEXED BY cw_manifests_received
         WHERE m.deleted = 0 AND m.status IN ('received', 'closed')
           AND m.received_at >= ?1 AND m.received_at < ?2",
    )?;
    let mut rows = st.query((bounds(&from, false), bounds(&to, true)))?;
    let key = |v: rusqlite::types::ValueRef<'_>| -> [u8; 16] {
        v.as_blob()
            .ok()
            .and_then(|b| b.try_into().ok())
            .unwrap_or([0; 16])
    };
    while let Some(r) = rows.next()? {
        let net =
            r.get::<_, Option<i64>>(4)?.unwrap_or(0) - r.get::<_, Option<i64>>(5)?.unwrap_or(0);
        let factor = match r.get_ref(3)?.as_str().unwrap_or("t") {
            "m3" => density_of
                .get(r.get_ref(2)?.as_str().unwrap_or(""))
                .copied()
                .unwrap_or(1.5),
            _ => 1.0,
        };
        *sums
            .entry((key(r.get_ref(0)?), key(r.get_ref(1)?)))
            .or_default() += net as f64 / 1e6 * factor;
    }
    drop(rows);
    let district_of: HashMap<[u8; 16], String> = conn
        .prepare_cached("SELECT id, district FROM cw_sites")?
        .query_map([], |r| Ok((key(r.get_ref(0)?), r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let flows: Vec<(RefId, String, RefId, f64)> = sums
        .into_iter()
        .map(|((site, fac), t)| {
            let d = district_of.get(&site).cloned().unwrap_or_default();
            (
                RefId(uuid::Uuid::from_bytes(site)),
                d,
                RefId(uuid::Uuid::from_bytes(fac)),
                t,
            )
        })
        .collect();
    let mut st = conn.prepare_cached(
        "SELECT facility_id, sum(qty_g) / 1e6 FROM cw_facility_outputs
         WHERE deleted = 0 AND product <> 'landfill' AND month BETWEEN ?1 AND ?2 GROUP BY facility_id",
    )?;
    let reused: HashMap<RefId, f64> = st
        .query_map((&from, &to), |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut received: HashMap<RefId, f64> = HashMap::new();
    for (_, _, f, t) in &flows {
        *received.entry(*f).or_default() += t;
    }
    let mut groups: HashMap<String, (f64, f64)> = HashMap::new();
    for (site, district, fac, t) in &flows {
        let share = match received.get(fac) {
            Some(r) if *r > 0.0 => t / r * reused.get(fac).copied().unwrap_or(0.0),
            _ => 0.0,
        };
        let key = match by {
            "facility" => fac.to_string(),
            "site" => site.to_string(),
            _ => district.clone(),
        };
        let g = groups.entry(key).or_default();
        g.0 += t;
        g.1 += share;
    }
    let name = |key: &str| -> Result<String> {
        let sql = match by {
            "facility" => "SELECT name FROM cw_facilities WHERE id = ?1",
            "site" => "SELECT name FROM cw_sites WHERE id = ?1",
            _ => "SELECT name FROM districts WHERE code = ?1",
        };
        let arg: rusqlite::types::Value = if by == "district" {
            key.to_string().into()
        } else {
            key.parse::<RefId>()
                .map(|i| i.as_bytes().to_vec())
                .unwrap_or_default()
                .into()
        };
        Ok(conn
            .query_row(sql, [arg], |r| r.get(0))
            .optional()?
            .unwrap_or_else(|| key.to_string()))
    };
    let pct = |reused: f64, gen: f64| (gen > 0.0).then(|| reused * 100.0 / gen);
    let mut rows: Vec<RateRow> = groups
        .into_iter()
        .map(|(key, (g, r))| {
            Ok(RateRow {
                name: name(&key)?,
                key,
                generated_t: g,
                reused_t: r,
                rate: pct(r, g),
            })
        })
        .collect::<Result<_>>()?;
    rows.sort_by(|a, b| a.key.cmp(&b.key));
    let (g, r) = rows
        .iter()
        .fold((0.0, 0.0), |a, x| (a.0 + x.generated_t, a.1 + x.reused_t));
    Ok(ResourceUse {
        by: by.into(),
        from,
        to,
        rows,
        total: RateRow {
            key: "total".into(),
            name: "合计".into(),
            generated_t: g,
            reused_t: r,
            rate: pct(r, g),
        },
        densities,
        formula_zh: FORMULA_ZH,
        formula_en: FORMULA_EN,
    })
}
