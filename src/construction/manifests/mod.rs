//! The transfer manifest (联单), one per truckload (一车一联单): it opens as a draft, is
//! dispatched when the truck leaves the site, received at the facility's weighbridge
//! (accepted, partially refused or refused) and closed; or cancelled, with a reason, before
//! it is received. Each step has its required fields and locks the fields of the steps
//! before it; a change after a lock is a revision with a reason, kept in the change log.

mod draft;
pub use draft::{check_own, Own};
mod import_rows;
mod load;
mod lookup;
mod reception;
pub use reception::{check_weighing, Weighing};
mod steps;

pub(crate) use import_rows::import_row;
pub use load::link_followup;
pub use lookup::Preloaded;
pub use reception::receive;
pub use steps::{cancel, close, dispatch, dispatch_new, new, revise, step, Step};

use chrono::{DateTime, Local, NaiveDateTime, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ids::RefId;
use crate::profile;

/// Construction-waste categories (GB 55012-2021 §6.1.1): key, Chinese. Their densities are
/// the settings `density.KEY`, whose defaults live with the other settings
/// ([`profile::SETTINGS`]).
pub const CATEGORIES: &[(&str, &str)] = &[
    ("soil", "工程渣土"),
    ("slurry", "工程泥浆"),
    ("engineering", "工程垃圾"),
    ("demolition", "拆除垃圾"),
    ("decoration", "装修垃圾"),
];

/// English names of the categories, by key.
pub const CATEGORY_EN: &[(&str, &str)] = &[
    ("soil", "Excavated soil"),
    ("slurry", "Slurry"),
    ("engineering", "Engineering waste"),
    ("demolition", "Demolition waste"),
    ("decoration", "Decoration waste"),
];

/// The English name of a category key (the key itself if unknown).
pub fn category_en(key: &str) -> &str {
    CATEGORY_EN.iter().find(|c| c.0 == key).map_or(key, |c| c.1)
}

/// A manifest's statuses: key, Chinese and English label (as a heading or badge).
pub const STATUSES: [(&str, &str, &str); 5] = [
    ("draft", "草稿", "Draft"),
    ("dispatched", "已出车", "Dispatched"),
    ("received", "已接收", "Received"),
    ("closed", "已关闭", "Closed"),
    ("cancelled", "已作废", "Cancelled"),
];

/// A reception's outcomes: key, Chinese and English label.
pub const OUTCOMES: [(&str, &str, &str); 3] = [
    ("accepted", "接收", "Accepted"),
    ("partial", "部分拒收", "Partially refused"),
    ("refused", "拒收", "Refused"),
];

/// What happens to a load at the receiving facility (处置方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DisposalMethod {
    /// 资源化利用.
    Recycling,
    /// 回填.
    Backfill,
    /// 填埋.
    Landfill,
    /// 中转.
    Transfer,
}

impl DisposalMethod {
    /// Every method: the value, its key and Chinese name.
    pub const ALL: [(DisposalMethod, &'static str, &'static str); 4] = [
        (DisposalMethod::Recycling, "recycling", "资源化利用"),
        (DisposalMethod::Backfill, "backfill", "回填"),
        (DisposalMethod::Landfill, "landfill", "填埋"),
        (DisposalMethod::Transfer, "transfer", "中转"),
    ];

    /// The method of a key or Chinese name.
    pub fn parse(input: &str) -> Option<DisposalMethod> {
        let s = input.trim();
        Self::ALL
            .iter()
            .find(|(_, k, zh)| *k == s || *zh == s)
            .map(|x| x.0)
    }

    /// The stored key.
    pub fn key(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|x| x.0 == self)
            .map(|x| x.1)
            .unwrap_or("")
    }

    /// The English name.
    pub fn label_en(self) -> &'static str {
        match self {
            DisposalMethod::Recycling => "Recycling",
            DisposalMethod::Backfill => "Backfill",
            DisposalMethod::Landfill => "Landfill",
            DisposalMethod::Transfer => "Transfer",
        }
    }

    /// The Chinese name.
    pub fn label_zh(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|x| x.0 == self)
            .map(|x| x.2)
            .unwrap_or("")
    }
}

impl rusqlite::types::FromSql for DisposalMethod {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let s = v.as_str()?;
        DisposalMethod::parse(s).ok_or(rusqlite::types::FromSqlError::InvalidType)
    }
}

/// The category key of a key or Chinese name.
pub fn category(input: &str) -> Option<&'static str> {
    let s = input.trim();
    CATEGORIES
        .iter()
        .find(|(k, zh)| *k == s || *zh == s)
        .map(|c| c.0)
}

/// The density of a category in t/m³: the setting `density.KEY` (its default from
/// [`profile::SETTINGS`], the one place the default densities live).
pub fn density(conn: &Connection, cat: &str) -> Result<f64> {
    let key = format!("density.{cat}");
    Ok(profile::setting_or_default(conn, &key)?
        .parse()
        .unwrap_or_else(|_| default_density(cat)))
}

/// The default density of a category in t/m³, as [`profile::SETTINGS`] gives it.
pub fn default_density(cat: &str) -> f64 {
    let key = format!("density.{cat}");
    profile::SETTINGS
        .iter()
        .find(|s| s.0 == key)
        .and_then(|s| s.1.parse().ok())
        .unwrap_or(1.5)
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
    /// Why a load above the vehicle's rated payload (or box volume) is allowed.
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
    /// Disposal method (资源化利用, 回填, 填埋, 中转, or the keys); from the facility's kind
    /// when empty.
    pub disposal_method: String,
    /// The paper manifest's number, when a clerk transcribes one.
    pub paper_no: String,
    /// Planned time window: start, local `YYYY-MM-DD HH:MM`.
    pub window_from: String,
    /// Planned time window: end.
    pub window_to: String,
    /// The refused (or partly refused) manifest whose load this one takes elsewhere.
    pub follows: String,
}

/// What the weighbridge records.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reception {
    /// Net received, tonnes (the weighbridge weighs tonnes, whatever the declared unit);
    /// gross − tare when empty and both are given.
    pub received: String,
    /// Refused, tonnes (empty: 0).
    pub refused: String,
    /// Gross (毛重), tonnes.
    pub gross: String,
    /// Tare (皮重), tonnes.
    pub tare: String,
    /// Weighbridge ticket number (磅单号).
    pub ticket_no: String,
    /// Why a received load above the vehicle's rated payload is accepted.
    pub overload_reason: String,
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
    /// Readable number, e.g. CW-220102A-20261128-0001.
    pub number: String,
    /// Category key.
    pub category: String,
    /// `t` or `m3`.
    pub unit: String,
    /// Declared, in g or cm³.
    pub declared_qty: i64,
    /// Declared in grams: through the frozen density for volumes (none for a draft in m³).
    pub declared_g: Option<i64>,
    /// The category's density (kg/m³) frozen at dispatch.
    pub density_kg_m3: Option<i64>,
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
    /// Net received, grams.
    pub received_qty: Option<i64>,
    /// Refused, grams.
    pub refused_qty: Option<i64>,
    /// Gross at the weighbridge, grams.
    pub gross_g: Option<i64>,
    /// Tare at the weighbridge, grams.
    pub tare_g: Option<i64>,
    /// Weighbridge ticket number.
    pub ticket_no: Option<String>,
    /// Reception (UTC).
    pub received_at: Option<String>,
    /// Cancellation reason.
    pub cancel_reason: Option<String>,
    /// Last changed (UTC).
    pub updated_at: String,
    /// Disposal method.
    pub disposal_method: Option<DisposalMethod>,
    /// The site's disposal approval number at dispatch.
    pub site_approval_no: Option<String>,
    /// The transporter's permit number at dispatch.
    pub transporter_permit_no: Option<String>,
    /// The vehicle's transport permit number at dispatch.
    pub vehicle_permit_no: Option<String>,
    /// The facility's approval number at dispatch.
    pub facility_approval_no: Option<String>,
    /// The paper manifest's number.
    pub paper_no: Option<String>,
    /// Planned window, start (UTC).
    pub window_from: Option<String>,
    /// Planned window, end (UTC).
    pub window_to: Option<String>,
    /// The vehicle's rated payload, grams.
    pub rated_payload_g: Option<i64>,
    /// The number of the follow-up manifest that took a refused load elsewhere.
    pub followup: Option<String>,
    /// The number of the refused manifest whose load this one takes elsewhere.
    pub follows: Option<String>,
}

pub(crate) const SELECT: &str = "SELECT m.id, m.number, m.category, m.unit, m.declared_qty, m.overload_reason,
    m.site_id, s.name, t.name, v.plate, m.driver, m.route, f.name, m.departure_at, m.status,
    m.outcome, m.received_qty, m.refused_qty, m.received_at, m.cancel_reason, m.updated_at,
    m.density_kg_m3, m.gross_g, m.tare_g, m.ticket_no, m.disposal_method, m.site_approval_no,
    m.transporter_permit_no, m.vehicle_permit_no, m.facility_approval_no, m.paper_no,
    m.window_from, m.window_to, v.rated_payload_g, fu.number,
    (SELECT p.number FROM cw_manifests p WHERE p.followup_id = m.id)
    FROM cw_manifests m JOIN cw_sites s ON s.id = m.site_id
    LEFT JOIN cw_transporters t ON t.id = m.transporter_id LEFT JOIN cw_vehicles v ON v.id = m.vehicle_id
    LEFT JOIN cw_facilities f ON f.id = m.facility_id LEFT JOIN cw_manifests fu ON fu.id = m.followup_id";

/// Grams of a quantity in `unit` through a density in kg/m³ (cm³ × kg/m³ ÷ 1000 = g).
pub fn grams(unit: &str, qty: i64, density_kg_m3: Option<i64>) -> Option<i64> {
    if unit == "m3" {
        density_kg_m3.map(|d| ((qty as i128 * d as i128 + 500) / 1000) as i64)
    } else {
        Some(qty)
    }
}

pub(crate) fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Manifest> {
    let unit: String = r.get(3)?;
    let declared: i64 = r.get(4)?;
    let density: Option<i64> = r.get(21)?;
    Ok(Manifest {
        id: r.get(0)?,
        number: r.get(1)?,
        category: r.get(2)?,
        declared_g: grams(&unit, declared, density),
        unit,
        declared_qty: declared,
        density_kg_m3: density,
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
        gross_g: r.get(22)?,
        tare_g: r.get(23)?,
        ticket_no: r.get(24)?,
        disposal_method: r.get(25)?,
        site_approval_no: r.get(26)?,
        transporter_permit_no: r.get(27)?,
        vehicle_permit_no: r.get(28)?,
        facility_approval_no: r.get(29)?,
        paper_no: r.get(30)?,
        window_from: r.get(31)?,
        window_to: r.get(32)?,
        rated_payload_g: r.get(33)?,
        followup: r.get(34)?,
        follows: r.get(35)?,
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

/// The density of a category now, in kg/m³ (what dispatch freezes on a manifest).
pub fn density_kg_m3(conn: &Connection, cat: &str) -> Result<i64> {
    Ok((density(conn, cat)? * 1000.0).round() as i64)
}

/// English label of a manifest status.
pub fn status_en(s: &str) -> &str {
    match s {
        "draft" => "a draft",
        "dispatched" => "dispatched",
        "received" => "received",
        "closed" => "closed",
        "cancelled" => "cancelled",
        _ => s,
    }
}

/// Chinese label of a manifest status.
pub fn status_zh(s: &str) -> &str {
    STATUSES.iter().find(|x| x.0 == s).map_or(s, |x| x.1)
}
