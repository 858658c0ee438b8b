//! The transfer manifest (联单), one per truckload (一车一联单): it opens as a draft, is
//! dispatched when the truck leaves the site, received at the facility's weighbridge
//! (accepted, partially refused or refused) and closed; or cancelled, with a reason, before
//! it is received. Each step has its required fields and locks the fields of the steps
//! before it; a change after a lock is a revision with a reason, kept in the change log.

mod reception;
mod steps;

pub use reception::receive;
pub(crate) use steps::import_row;
pub use steps::{cancel, close, dispatch, dispatch_new, new, revise};

use chrono::{DateTime, Local, NaiveDateTime, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ids::RefId;
use crate::profile;

/// Construction-waste categories (GB 55012-2021 §6.1.1): key, Chinese, default density t/m³.
pub const CATEGORIES: &[(&str, &str, f64)] = &[
    ("soil", "工程渣土", 1.8),
    ("slurry", "工程泥浆", 1.3),
    ("engineering", "工程垃圾", 1.5),
    ("demolition", "拆除垃圾", 1.6),
    ("decoration", "装修垃圾", 1.0),
];

/// The largest road load without a stated reason, in tonnes.
pub const MAX_LOAD_T: f64 = 40.0;

/// The category key of a key or Chinese name.
pub fn category(input: &str) -> Option<&'static str> {
    let s = input.trim();
    CATEGORIES
        .iter()
        .find(|(k, zh, _)| *k == s || *zh == s)
        .map(|c| c.0)
}

/// The density of a category in t/m³: the setting `density.KEY`, or the default.
pub fn density(conn: &Connection, cat: &str) -> Result<f64> {
    let default = CATEGORIES
        .iter()
        .find(|c| c.0 == cat)
        .map(|c| c.2)
        .unwrap_or(1.5);
    Ok(profile::setting(conn, &format!("density.{cat}"))?
        .and_then(|v| v.parse().ok())
        .unwrap_or(default))
}

/// A manifest as the dispatch form gives it: every field as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ManifestDraft {
    /// Category key or Chinese name.
    pub category: String,
    /// `t` or `m3`.
    pub unit: String,
    /// Declared quantity in the unit.
    pub declared: String,
    /// Why a load above 40 t is allowed.
    pub overload_reason: String,
    /// Site (id or name).
    pub site: String,
    /// Transporter (id or name); taken from the vehicle when empty.
    pub transporter: String,
    /// Vehicle plate (or id).
    pub vehicle: String,
    /// Driver; the vehicle's usual driver when empty.
    pub driver: String,
    /// Route.
    pub route: String,
    /// Receiving facility (id or name).
    pub facility: String,
    /// Departure time, local: `YYYY-MM-DD HH:MM`.
    pub departure_at: String,
}

/// What the weighbridge records.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reception {
    /// Received quantity, in the manifest's unit.
    pub received: String,
    /// Refused quantity (empty: 0).
    pub refused: String,
    /// `accepted`, `partial` or `refused` (or 接收, 部分拒收, 拒收).
    pub outcome: String,
    /// Reception time, local: `YYYY-MM-DD HH:MM`.
    pub received_at: String,
}

/// A stored manifest with the names of its parties.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Manifest {
    /// Id.
    pub id: RefId,
    /// Readable number, e.g. CW-20261128-000123.
    pub number: String,
    /// Category key.
    pub category: String,
    /// `t` or `m3`.
    pub unit: String,
    /// Declared, in g or cm³.
    pub declared_qty: i64,
    /// Reason for an overload.
    pub overload_reason: Option<String>,
    /// Site.
    pub site_id: RefId,
    /// Site name.
    pub site: String,
    /// Transporter name.
    pub transporter: Option<String>,
    /// Vehicle plate.
    pub plate: Option<String>,
    /// Driver.
    pub driver: String,
    /// Route.
    pub route: String,
    /// Facility name.
    pub facility: Option<String>,
    /// Departure (UTC, RFC 3339).
    pub departure_at: Option<String>,
    /// `draft`, `dispatched`, `received`, `closed`, `cancelled`.
    pub status: String,
    /// `accepted`, `partial`, `refused`.
    pub outcome: Option<String>,
    /// Received, in g or cm³.
    pub received_qty: Option<i64>,
    /// Refused, in g or cm³.
    pub refused_qty: Option<i64>,
    /// Reception (UTC).
    pub received_at: Option<String>,
    /// Cancellation reason.
    pub cancel_reason: Option<String>,
    /// Last changed (UTC).
    pub updated_at: String,
}

pub(crate) const SELECT: &str = "SELECT m.id, m.number, m.category, m.unit, m.declared_qty, m.overload_reason,
    m.site_id, s.name, t.name, v.plate, m.driver, m.route, f.name, m.departure_at, m.status,
    m.outcome, m.received_qty, m.refused_qty, m.received_at, m.cancel_reason, m.updated_at
    FROM cw_manifests m JOIN cw_sites s ON s.id = m.site_id
    LEFT JOIN cw_transporters t ON t.id = m.transporter_id LEFT JOIN cw_vehicles v ON v.id = m.vehicle_id
    LEFT JOIN cw_facilities f ON f.id = m.facility_id";

pub(crate) fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Manifest> {
    Ok(Manifest {
        id: r.get(0)?,
        number: r.get(1)?,
        category: r.get(2)?,
        unit: r.get(3)?,
        declared_qty: r.get(4)?,
        overload_reason: r.get(5)?,
        site_id: r.get(6)?,
        site: r.get(7)?,
        transporter: r.get(8)?,
        plate: r.get(9)?,
        driver: r.get(10)?,
        route: r.get(11)?,
        facility: r.get(12)?,
        departure_at: r.get(13)?,
        status: r.get(14)?,
        outcome: r.get(15)?,
        received_qty: r.get(16)?,
        refused_qty: r.get(17)?,
        received_at: r.get(18)?,
        cancel_reason: r.get(19)?,
        updated_at: crate::ids::ms_to_rfc3339(r.get(20)?),
    })
}

/// One manifest by id or number.
pub fn get(conn: &Connection, key: &str) -> Result<Manifest> {
    let id = key.trim().parse::<RefId>().ok();
    conn.prepare_cached(&format!("{SELECT} WHERE m.id = ?1 OR m.number = ?2"))?
        .query_row(rusqlite::params![id, key.trim()], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: "manifest",
            key: key.into(),
        })
}

/// Parses a local time `YYYY-MM-DD HH:MM` (or RFC 3339) into UTC RFC 3339.
pub fn parse_time(input: &str) -> Option<String> {
    let s = input.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(
            t.with_timezone(&Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        );
    }
    let naive = ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())?;
    let local = Local.from_local_datetime(&naive).earliest()?;
    Some(
        local
            .with_timezone(&Utc)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    )
}

/// How far a clerk's clock may run ahead before a time counts as in the future.
pub const CLOCK_SKEW_MINUTES: i64 = 5;

/// Whether a stored UTC time is later than now (beyond [`CLOCK_SKEW_MINUTES`]): a load
/// cannot have left or arrived yet, only a draft is planned ahead.
pub fn is_future(utc: &str) -> bool {
    DateTime::parse_from_rfc3339(utc).is_ok_and(|t| {
        t.with_timezone(&Utc) > Utc::now() + chrono::Duration::minutes(CLOCK_SKEW_MINUTES)
    })
}

/// A stored UTC time as a clerk reads it: local `YYYY-MM-DD HH:MM`.
pub fn local_time(utc: &str) -> String {
    DateTime::parse_from_rfc3339(utc)
        .map(|t| t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| utc.to_string())
}

/// The local date (YYYY-MM-DD) of a stored UTC time.
pub(crate) fn local_date(utc: &str) -> String {
    DateTime::parse_from_rfc3339(utc)
        .map(|t| t.with_timezone(&Local).date_naive().to_string())
        .unwrap_or_default()
}

/// The tonnes a quantity stands for, through the category's density for volumes.
pub fn tonnes(conn: &Connection, cat: &str, unit: &str, qty: i64) -> Result<f64> {
    let v = qty as f64 / 1e6;
    Ok(if unit == "m3" {
        v * density(conn, cat)?
    } else {
        v
    })
}

/// Chinese label of a manifest status.
pub fn status_zh(s: &str) -> &str {
    match s {
        "draft" => "草稿",
        "dispatched" => "已出车",
        "received" => "已接收",
        "closed" => "已关闭",
        "cancelled" => "已作废",
        _ => s,
    }
}
