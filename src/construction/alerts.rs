//! What a construction-waste supervisor is warned of: loads whose received weight differs
//! from the declared one beyond the tolerance (a load declared in m³ through its frozen
//! density), loads dispatched too long ago with no reception or received after the limit,
//! overloaded loads, refused loads with no follow-up manifest, and approvals or permits that
//! have run out or will soon. Every time in a message is local time.

use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::manifests::{self, local_time, Manifest};
use crate::error::Result;
use crate::ids::{today, RefId};
use crate::profile::setting_or_default;
use crate::units::format_million;

/// The kinds of alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum AlertKind {
    /// Received differs from declared beyond the tolerance.
    Discrepancy,
    /// Dispatched longer ago than the limit, not received.
    Overdue,
    /// Received, but after the limit.
    Late,
    /// Over the vehicle's rated payload or box volume (with a stated reason).
    Overload,
    /// Refused or partly refused, with no follow-up manifest.
    NoFollowup,
    /// An approval or permit expires within the warning period.
    Expiring,
    /// An approval or permit has expired.
    Expired,
    /// Delivered to a facility that does not accept its category.
    CategoryMismatch,
}

impl AlertKind {
    /// Every kind, in the order the window lists them.
    pub const ALL: [AlertKind; 8] = [
        AlertKind::Discrepancy,
        AlertKind::Overdue,
        AlertKind::Late,
        AlertKind::Overload,
        AlertKind::NoFollowup,
        AlertKind::Expiring,
        AlertKind::Expired,
        AlertKind::CategoryMismatch,
    ];

    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            AlertKind::Discrepancy => "量差",
            AlertKind::Overdue => "超时未接收",
            AlertKind::Late => "超时接收",
            AlertKind::Overload => "超载",
            AlertKind::NoFollowup => "拒收无去向",
            AlertKind::Expiring => "许可即将到期",
            AlertKind::Expired => "许可已过期",
            AlertKind::CategoryMismatch => "类别不符",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            AlertKind::Discrepancy => "Discrepancy",
            AlertKind::Overdue => "Overdue",
            AlertKind::Late => "Late",
            AlertKind::Overload => "Overload",
            AlertKind::NoFollowup => "No follow-up",
            AlertKind::Expiring => "Permit expiring",
            AlertKind::Expired => "Permit expired",
            AlertKind::CategoryMismatch => "Category not accepted",
        }
    }

    /// The stored key, as `--json` writes it.
    pub fn key(self) -> &'static str {
        match self {
            AlertKind::Discrepancy => "discrepancy",
            AlertKind::Overdue => "overdue",
            AlertKind::Late => "late",
            AlertKind::Overload => "overload",
            AlertKind::NoFollowup => "no_followup",
            AlertKind::Expiring => "expiring",
            AlertKind::Expired => "expired",
            AlertKind::CategoryMismatch => "category_mismatch",
        }
    }

    /// Whether the alert is about a manifest (else about a register entry).
    pub fn is_about_a_load(self) -> bool {
        !matches!(self, AlertKind::Expiring | AlertKind::Expired)
    }
}

/// One alert.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Alert {
    /// What kind.
    pub kind: AlertKind,
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

/// The settings the manifest alerts use, read once.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Tolerance, received vs declared, %.
    pub tolerance_pct: f64,
    /// Hours after departure before a load is overdue.
    pub overdue_hours: f64,
    /// Departures before this (UTC, RFC 3339) are overdue when not received.
    pub cutoff: String,
}

impl Limits {
    /// The current settings.
    pub fn load(conn: &Connection) -> Result<Limits> {
        let hours = num(conn, "cw.overdue_hours", 6.0)?;
        Ok(Limits {
            tolerance_pct: num(conn, "cw.tolerance_pct", 10.0)?,
            overdue_hours: hours,
            cutoff: (Utc::now() - Duration::minutes((hours * 60.0) as i64))
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        })
    }
}

fn hours_between(a: &str, b: &str) -> Option<f64> {
    let a = DateTime::parse_from_rfc3339(a).ok()?;
    let b = DateTime::parse_from_rfc3339(b).ok()?;
    Some((b - a).num_seconds() as f64 / 3600.0)
}

fn alert(m: &Manifest, kind: AlertKind, zh: String, en: String) -> Alert {
    Alert {
        kind,
        id: m.id,
        subject: m.number.clone(),
        message_zh: zh,
        message_en: en,
    }
}

/// The alerts of one manifest, from its own values.
pub fn of_manifest(m: &Manifest, lim: &Limits) -> Vec<Alert> {
    let mut out = Vec::new();
    if m.status == "draft" || m.status == "cancelled" {
        return out;
    }
    let tol = lim.tolerance_pct;
    if let (Some(r), Some(d)) = (m.received_qty, m.declared_g) {
        if (r - d).abs() as f64 * 100.0 > tol * d as f64 {
            let pct = (r - d) as f64 * 100.0 / d.max(1) as f64;
            let (dz, de) = if m.unit == "m3" {
                let rho = format_million(m.density_kg_m3.unwrap_or(0) * 1000);
                let v = format_million(m.declared_qty);
                (
                    format!("{v} m³ × {rho} t/m³ = {} t", format_million(d)),
                    format!("{v} m³ × {rho} t/m³ = {} t", format_million(d)),
                )
            } else {
                (
                    format!("{} t", format_million(d)),
                    format!("{} t", format_million(d)),
                )
            };
            out.push(alert(
                m,
                AlertKind::Discrepancy,
                format!(
                    "接收量 {} t 与申报量 {dz} 相差 {pct:+.1}%（允许 ±{tol}%）",
                    format_million(r)
                ),
                format!(
                    "received {} t vs declared {de}: {pct:+.1}% (tolerance ±{tol}%)",
                    format_million(r)
                ),
            ));
        }
    }
    let hours = lim.overdue_hours;
    if let Some(dep) = &m.departure_at {
        if m.status == "dispatched" && dep.as_str() < lim.cutoff.as_str() {
            out.push(alert(
                m,
                AlertKind::Overdue,
                format!("出车时间 {}，超过 {hours} 小时未接收", local_time(dep)),
                format!(
                    "dispatched at {}, not received within {hours} h",
                    local_time(dep)
                ),
            ));
        }
        if let Some(at) = &m.received_at {
            if let Some(h) = hours_between(dep, at).filter(|h| *h > hours) {
                out.push(alert(
                    m,
                    AlertKind::Late,
                    format!(
                        "出车 {}，接收 {}，历时 {h:.1} 小时，超过 {hours} 小时",
                        local_time(dep),
                        local_time(at)
                    ),
                    format!(
                        "dispatched at {}, received at {}: {h:.1} h, over {hours} h",
                        local_time(dep),
                        local_time(at)
                    ),
                ));
            }
        }
    }
    if let Some(reason) = &m.overload_reason {
        let limit = m
            .rated_payload_g
            .map(|p| format!("{} t", format_million(p)))
            .unwrap_or_else(|| "—".into());
        out.push(alert(
            m,
            AlertKind::Overload,
            format!("超载运输（核定载质量 {limit}），理由：{reason}"),
            format!("overloaded (rated payload {limit}), reason: {reason}"),
        ));
    }
    if matches!(m.outcome.as_deref(), Some("partial" | "refused")) && m.followup.is_none() {
        let t = format_million(m.refused_qty.unwrap_or(0));
        out.push(alert(
            m,
            AlertKind::NoFollowup,
            format!("拒收 {t} t，无后续联单记录其去向"),
            format!("{t} t refused, with no follow-up manifest saying where it went"),
        ));
    }
    out
}

/// Manifest alerts (of the one manifest `only`, when given).
pub fn manifest_alerts(conn: &Connection, only: Option<RefId>) -> Result<Vec<Alert>> {
    let lim = Limits::load(conn)?;
    // The rules of `of_manifest`, as a filter, so that only alerted rows are read.
    let sql = format!(
        "{} WHERE m.deleted = 0 AND m.status IN ('dispatched', 'received', 'closed')
           AND (?1 IS NULL OR m.id = ?1)
           AND ((m.received_qty IS NOT NULL AND abs(m.received_qty - CASE m.unit WHEN 'm3'
                    THEN m.declared_qty * m.density_kg_m3 / 1000.0 ELSE m.declared_qty END) * 100.0
                  > ?2 * CASE m.unit WHEN 'm3' THEN m.declared_qty * m.density_kg_m3 / 1000.0
                    ELSE m.declared_qty END - 100.0)
             OR (m.status = 'dispatched' AND m.departure_at < ?3)
             OR (m.received_at IS NOT NULL
                 AND (julianday(m.received_at) - julianday(m.departure_at)) * 24 > ?4 - 1e-6)
             OR m.overload_reason IS NOT NULL
             OR (m.outcome IN ('partial', 'refused') AND m.followup_id IS NULL))
         ORDER BY m.departure_at DESC",
        manifests::SELECT
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(
        rusqlite::params![only, lim.tolerance_pct, lim.cutoff, lim.overdue_hours],
        manifests::from_row,
    )?;
    let mut out = Vec::new();
    for m in rows {
        out.extend(of_manifest(&m?, &lim));
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
                kind: if expired {
                    AlertKind::Expired
                } else {
                    AlertKind::Expiring
                },
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
