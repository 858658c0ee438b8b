//! What a construction-waste supervisor is warned of: loads whose received quantity differs
//! from the declared one beyond the tolerance, loads dispatched too long ago with no
//! reception, and approvals or permits that have run out or will soon.

use chrono::{Duration, Utc};
use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;
use crate::ids::{today, RefId};
use crate::profile::setting_or_default;
use crate::units::format_million;

/// One alert.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Alert {
    /// `discrepancy`, `overdue`, `expiring` or `expired`.
    pub kind: String,
    /// The manifest or register entry.
    pub id: RefId,
    /// Manifest number, or the entry's name (plate for vehicles).
    pub subject: String,
    /// What it says, in Chinese.
    pub message_zh: String,
    /// What it says, in English.
    pub message_en: String,
}

fn num(conn: &Connection, key: &str, default: f64) -> Result<f64> {
    Ok(setting_or_default(conn, key)?.parse().unwrap_or(default))
}

/// Discrepancy and overdue alerts of manifests (of the one manifest `only`, when given).
pub fn manifest_alerts(conn: &Connection, only: Option<RefId>) -> Result<Vec<Alert>> {
    let tol = num(conn, "cw.tolerance_pct", 10.0)?;
    let hours = num(conn, "cw.overdue_hours", 24.0)?;
    let cutoff = (Utc::now() - Duration::minutes((hours * 60.0) as i64))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut out = Vec::new();
    let mut st = conn.prepare_cached(
        "SELECT id, number, unit, declared_qty, received_qty FROM cw_manifests
         WHERE deleted = 0 AND status IN ('received', 'closed') AND received_qty IS NOT NULL
           AND abs(received_qty - declared_qty) * 100.0 > ?1 * declared_qty
           AND (?2 IS NULL OR id = ?2)",
    )?;
    let rows = st.query_map(rusqlite::params![tol, only], |r| {
        Ok((
            r.get::<_, RefId>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    for row in rows {
        let (id, number, unit, declared, received) = row?;
        let pct = (received - declared) as f64 * 100.0 / declared.max(1) as f64;
        let u = if unit == "m3" { "m³" } else { "t" };
        out.push(Alert {
            kind: "discrepancy".into(),
            id,
            subject: number,
            message_zh: format!(
                "接收量 {} {u} 与申报量 {} {u} 相差 {pct:+.1}%（允许 ±{tol}%）",
                format_million(received),
                format_million(declared)
            ),
            message_en: format!(
                "received {} {u} vs declared {} {u}: {pct:+.1}% (tolerance ±{tol}%)",
                format_million(received),
                format_million(declared)
            ),
        });
    }
    let mut st = conn.prepare_cached(
        "SELECT id, number, departure_at FROM cw_manifests
         WHERE deleted = 0 AND status = 'dispatched' AND departure_at < ?1
           AND (?2 IS NULL OR id = ?2)",
    )?;
    let rows = st.query_map(rusqlite::params![cutoff, only], |r| {
        Ok((
            r.get::<_, RefId>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (id, number, dep) = row?;
        out.push(Alert {
            kind: "overdue".into(),
            id,
            subject: number,
            message_zh: format!("出车时间 {dep}，超过 {hours} 小时未接收"),
            message_en: format!("dispatched at {dep}, not received within {hours} h"),
        });
    }
    Ok(out)
}

/// Approvals and permits that have expired or expire within the warning period.
pub fn permit_alerts(conn: &Connection) -> Result<Vec<Alert>> {
    let days = num(conn, "cw.permit_warning_days", 30.0)? as i64;
    let t = today();
    let soon = (t + Duration::days(days)).to_string();
    let today = t.to_string();
    let mut out = Vec::new();
    for (table, name, col, what_zh, what_en) in [
        (
            "cw_sites",
            "name",
            "approval_until",
            "工地处置核准",
            "site disposal approval",
        ),
        (
            "cw_transporters",
            "name",
            "permit_until",
            "运输单位许可",
            "transporter permit",
        ),
        (
            "cw_vehicles",
            "plate",
            "permit_until",
            "车辆准运证",
            "vehicle transport permit",
        ),
        (
            "cw_facilities",
            "name",
            "approval_until",
            "设施核准",
            "facility approval",
        ),
    ] {
        let mut st = conn.prepare_cached(&format!(
            "SELECT id, {name}, {col} FROM {table} WHERE deleted = 0 AND {col} <= ?1"
        ))?;
        let rows = st.query_map([&soon], |r| {
            Ok((
                r.get::<_, RefId>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (id, name, until) = row?;
            let expired = until < today;
            out.push(Alert {
                kind: if expired { "expired" } else { "expiring" }.into(),
                id,
                subject: name,
                message_zh: if expired {
                    format!("{what_zh}已于 {until} 过期")
                } else {
                    format!("{what_zh}将于 {until} 到期")
                },
                message_en: if expired {
                    format!("{what_en} expired on {until}")
                } else {
                    format!("{what_en} expires on {until}")
                },
            });
        }
    }
    Ok(out)
}

/// Every alert.
pub fn all(conn: &Connection) -> Result<Vec<Alert>> {
    let mut a = manifest_alerts(conn, None)?;
    a.extend(permit_alerts(conn)?);
    a.extend(super::facilities::mismatch_alerts(conn, None)?);
    Ok(a)
}
