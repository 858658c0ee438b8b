//! The manifests table: filtered and paged in SQL, newest departure first, with the alert
//! badges of each row computed from its own values.

use rusqlite::{types::Value, Connection};
use serde::{Deserialize, Serialize};

use super::alerts::{of_manifest, AlertKind, Limits};
use super::manifests::{self, Manifest};
use super::registers::{find, Register};
use crate::error::{Result, Rule};

/// What the table shows.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ManifestFilter {
    /// Status key, or empty.
    pub status: String,
    /// Category key or name, or empty.
    pub category: String,
    /// Site id or name, or empty.
    pub site: String,
    /// Facility id or name, or empty.
    pub facility: String,
    /// Departures on or after this date (YYYY-MM-DD), or empty.
    pub from: String,
    /// Departures on or before this date, or empty.
    pub to: String,
    /// Number (or part of it), or empty.
    pub number: String,
    /// 1-based page.
    pub page: u32,
    /// Rows per page (0: 50).
    pub page_size: u32,
}

/// A row of the table.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ManifestRow {
    /// The manifest.
    #[serde(flatten)]
    pub manifest: Manifest,
    /// Alert badges.
    pub alerts: Vec<AlertKind>,
}

/// One page.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ManifestPage {
    /// Rows.
    pub rows: Vec<ManifestRow>,
    /// Matching manifests over all pages.
    pub total: u64,
    /// This page.
    pub page: u32,
    /// Rows per page.
    pub page_size: u32,
}

/// One page of the manifests that match `f`.
pub fn list(conn: &Connection, f: &ManifestFilter) -> Result<ManifestPage> {
    let page_size = match f.page_size {
        0 => 50,
        n => n.min(500),
    };
    let page = f.page.max(1);
    let mut conds = vec!["m.deleted = 0".to_string()];
    let mut args: Vec<Value> = Vec::new();
    let mut push = |cond: &str, v: Value, conds: &mut Vec<String>| {
        args.push(v);
        conds.push(cond.replace('?', &format!("?{}", args.len())));
    };
    if !f.status.trim().is_empty() {
        push(
            "m.status = ?",
            f.status.trim().to_string().into(),
            &mut conds,
        );
    }
    if !f.category.trim().is_empty() {
        let c = manifests::category(&f.category).unwrap_or("?");
        push("m.category = ?", c.to_string().into(), &mut conds);
    }
    for (field, register, col) in [
        (&f.site, Register::Site, "m.site_id"),
        (&f.facility, Register::Facility, "m.facility_id"),
    ] {
        if !field.trim().is_empty() {
            let id = find(conn, register, field)
                .map(|i| i.as_bytes().to_vec())
                .unwrap_or_default();
            push(&format!("{col} = ?"), id.into(), &mut conds);
        }
    }
    // A date that cannot be read is an error, never an unfiltered list.
    for (field, v, time, cond) in [
        ("from", &f.from, "00:00", "m.departure_at >= ?"),
        ("to", &f.to, "23:59:59", "m.departure_at <= ?"),
    ] {
        let d = v.trim();
        if d.is_empty() {
            continue;
        }
        let t = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .ok()
            .and_then(|_| manifests::parse_time(&format!("{d} {time}")))
            .ok_or_else(|| crate::error::Error::field(field, Rule::BadDate, &[("value", d)]))?;
        push(cond, t.into(), &mut conds);
    }
    if !f.number.trim().is_empty() {
        push(
            "m.number LIKE ?",
            format!("%{}%", f.number.trim()).into(),
            &mut conds,
        );
    }
    let wh = conds.join(" AND ");
    let total: u64 = conn
        .prepare_cached(&format!("SELECT count(*) FROM cw_manifests m WHERE {wh}"))?
        .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
    let sql = format!(
        "{} WHERE m.id IN (SELECT m.id FROM cw_manifests m WHERE {wh}
             ORDER BY m.departure_at DESC, m.number DESC LIMIT {page_size} OFFSET {})
         ORDER BY m.departure_at DESC, m.number DESC",
        manifests::SELECT,
        (page as u64 - 1) * page_size as u64
    );
    let lim = Limits::load(conn)?;
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st
        .query_map(rusqlite::params_from_iter(args.iter()), manifests::from_row)?
        .map(|m| {
            m.map(|m| ManifestRow {
                alerts: of_manifest(&m, &lim).into_iter().map(|a| a.kind).collect(),
                manifest: m,
            })
        })
        .collect::<rusqlite::Result<_>>()?;
    Ok(ManifestPage {
        rows,
        total,
        page,
        page_size,
    })
}
