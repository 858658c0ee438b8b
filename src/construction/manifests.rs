//! The transfer manifest (联单), one per truckload (一车一联单): it opens as a draft, is
//! dispatched when the truck leaves the site, received at the facility's weighbridge
//! (accepted, partially refused or refused) and closed; or cancelled, with a reason, before
//! it is received. Each step has its required fields and locks the fields of the steps
//! before it; a change after a lock is a revision with a reason, kept in the change log.

use chrono::{DateTime, Local, NaiveDateTime, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::registers::{find, valid_until};
use crate::db::{Ledger, Writer};
use crate::error::{Error, FieldError, Result};
use crate::ids::RefId;
use crate::profile;
use crate::units::{format_million, parse_million, QuantityError};

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

const SELECT: &str = "SELECT m.id, m.number, m.category, m.unit, m.declared_qty, m.overload_reason,
    m.site_id, s.name, t.name, v.plate, m.driver, m.route, f.name, m.departure_at, m.status,
    m.outcome, m.received_qty, m.refused_qty, m.received_at, m.cancel_reason, m.updated_at
    FROM cw_manifests m JOIN cw_sites s ON s.id = m.site_id
    LEFT JOIN cw_transporters t ON t.id = m.transporter_id LEFT JOIN cw_vehicles v ON v.id = m.vehicle_id
    LEFT JOIN cw_facilities f ON f.id = m.facility_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Manifest> {
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
        updated_at: r.get(20)?,
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

/// The local date (YYYY-MM-DD) of a stored UTC time.
fn local_date(utc: &str) -> String {
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

struct Valid {
    category: &'static str,
    unit: &'static str,
    declared: i64,
    overload_reason: Option<String>,
    site: RefId,
    transporter: Option<RefId>,
    vehicle: Option<RefId>,
    driver: String,
    route: String,
    facility: Option<RefId>,
    departure_at: Option<String>,
}

fn party(
    conn: &Connection,
    e: &mut Vec<FieldError>,
    register: &str,
    field: &str,
    v: &str,
) -> Result<Option<RefId>> {
    if v.trim().is_empty() {
        return Ok(None);
    }
    match find(conn, register, v) {
        Ok(id) => Ok(Some(id)),
        Err(Error::NotFound { .. }) => {
            e.push(FieldError::new(
                None,
                field,
                "unknown_value",
                &[("value", v.trim())],
            ));
            Ok(None)
        }
        Err(x) => Err(x),
    }
}

fn validate_draft(conn: &Connection, d: &ManifestDraft) -> Result<Valid> {
    let mut e = Vec::new();
    let cat = category(&d.category);
    if cat.is_none() {
        let code = if d.category.trim().is_empty() {
            "required"
        } else {
            "unknown_category"
        };
        e.push(FieldError::new(
            None,
            "category",
            code,
            &[("value", d.category.trim())],
        ));
    }
    let unit = match d.unit.trim() {
        "t" | "吨" | "" => "t",
        "m3" | "m³" | "立方米" | "方" => "m3",
        u => {
            e.push(FieldError::new(None, "unit", "bad_value", &[("value", u)]));
            "t"
        }
    };
    let declared = match parse_million(&d.declared) {
        Ok(Some(q)) if q > 0 => q,
        Ok(Some(_)) => {
            e.push(FieldError::new(None, "declared", "not_positive_qty", &[]));
            0
        }
        Ok(None) => {
            e.push(FieldError::new(None, "declared", "required", &[]));
            0
        }
        Err(QuantityError::Negative) => {
            e.push(FieldError::new(None, "declared", "negative", &[]));
            0
        }
        Err(QuantityError::Malformed) => {
            e.push(FieldError::new(
                None,
                "declared",
                "bad_quantity",
                &[("value", d.declared.trim())],
            ));
            0
        }
    };
    let reason = d.overload_reason.trim();
    if let Some(c) = cat {
        let t = tonnes(conn, c, unit, declared)?;
        if t > MAX_LOAD_T && reason.is_empty() {
            e.push(FieldError::new(
                None,
                "declared",
                "overload",
                &[("tonnes", &format!("{t:.1}"))],
            ));
        }
    }
    let site = party(conn, &mut e, "site", "site", &d.site)?;
    if d.site.trim().is_empty() {
        e.push(FieldError::new(None, "site", "required", &[]));
    }
    let vehicle = party(conn, &mut e, "vehicle", "vehicle", &d.vehicle)?;
    let mut transporter = party(conn, &mut e, "transporter", "transporter", &d.transporter)?;
    let mut driver = d.driver.trim().to_string();
    if let Some(v) = vehicle {
        let (t, drv): (RefId, String) = conn.query_row(
            "SELECT transporter_id, driver FROM cw_vehicles WHERE id = ?1",
            [v],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if transporter.is_none() {
            transporter = Some(t);
        }
        if driver.is_empty() {
            driver = drv;
        }
    }
    let facility = party(conn, &mut e, "facility", "facility", &d.facility)?;
    let departure_at = match d.departure_at.trim() {
        "" => None,
        s => {
            let t = parse_time(s);
            if t.is_none() {
                e.push(FieldError::new(
                    None,
                    "departure_at",
                    "bad_datetime",
                    &[("value", s)],
                ));
            }
            t
        }
    };
    if !e.is_empty() {
        return Err(Error::Invalid(e));
    }
    Ok(Valid {
        category: cat.unwrap_or("soil"),
        unit,
        declared,
        overload_reason: (!reason.is_empty()).then(|| reason.to_string()),
        site: site.unwrap_or_default(),
        transporter,
        vehicle,
        driver,
        route: d.route.trim().to_string(),
        facility,
        departure_at,
    })
}

/// The next readable number of the day: CW-YYYYMMDD-NNNNNN.
fn next_number(w: &Writer<'_>) -> Result<String> {
    let day = Local::now().format("%Y%m%d").to_string();
    let prefix = format!("CW-{day}-");
    let last: Option<String> = w.tx().query_row(
        "SELECT max(number) FROM cw_manifests WHERE number >= ?1 AND number < ?2",
        (&prefix, format!("CW-{day}.")),
        |r| r.get(0),
    )?;
    let n = last
        .and_then(|l| l[prefix.len()..].parse::<u32>().ok())
        .unwrap_or(0)
        + 1;
    Ok(format!("{prefix}{n:06}"))
}

fn insert(w: &mut Writer<'_>, v: &Valid) -> Result<RefId> {
    let id = RefId::new();
    let number = next_number(w)?;
    w.tx().execute(
        "INSERT INTO cw_manifests (id, number, category, unit, declared_qty, overload_reason, site_id,
            transporter_id, vehicle_id, driver, route, facility_id, departure_at, created_at,
            updated_at, origin, clock)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15, ?16)",
        rusqlite::params![
            id, number, v.category, v.unit, v.declared, v.overload_reason, v.site, v.transporter,
            v.vehicle, v.driver, v.route, v.facility, v.departure_at, w.now(), w.installation(),
            w.clock()
        ],
    )?;
    w.log("cw_manifests", id.as_bytes(), None, None)?;
    Ok(id)
}

/// Opens a manifest as a draft.
pub fn new(l: &mut Ledger, d: &ManifestDraft) -> Result<Manifest> {
    let id = l.write(|w| {
        let v = validate_draft(w.tx(), d)?;
        insert(w, &v)
    })?;
    get(l.conn(), &id.to_string())
}

fn step_error(from: &str, step: &str) -> Error {
    Error::field(
        "status",
        "bad_step",
        &[("from", status_zh(from)), ("step", step)],
    )
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

fn current(w: &Writer<'_>, id: RefId) -> Result<(String, Option<String>)> {
    w.tx()
        .query_row(
            "SELECT status, departure_at FROM cw_manifests WHERE id = ?1 AND deleted = 0",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: "manifest",
            key: id.to_string(),
        })
}

/// The refusals of dispatch: what must be filled, and the approvals and permits that must be
/// valid on the departure date.
fn check_dispatch(w: &Writer<'_>, v: &Valid) -> Result<()> {
    let mut e = Vec::new();
    for (field, missing) in [
        ("transporter", v.transporter.is_none()),
        ("vehicle", v.vehicle.is_none()),
        ("driver", v.driver.is_empty()),
        ("facility", v.facility.is_none()),
        ("departure_at", v.departure_at.is_none()),
    ] {
        if missing {
            e.push(FieldError::new(None, field, "required", &[]));
        }
    }
    if let Some(dep) = &v.departure_at {
        let on = local_date(dep);
        let parties = [
            ("site", Some(v.site), "工地处置核准"),
            ("transporter", v.transporter, "运输单位许可"),
            ("vehicle", v.vehicle, "车辆准运证"),
            ("facility", v.facility, "消纳/利用设施核准"),
        ];
        for (register, id, what) in parties {
            let Some(id) = id else { continue };
            if let Some(until) = valid_until(w, register, id)? {
                if until < on {
                    e.push(FieldError::new(
                        None,
                        register,
                        "expired",
                        &[("what", what), ("until", &until), ("on", &on)],
                    ));
                }
            }
        }
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(e))
    }
}

/// Opens and dispatches a manifest in one step (the weighbridge-side quick form).
pub fn dispatch_new(l: &mut Ledger, d: &ManifestDraft) -> Result<Manifest> {
    let id = l.write(|w| {
        let v = validate_draft(w.tx(), d)?;
        check_dispatch(w, &v)?;
        let id = insert(w, &v)?;
        set_status(w, id, "dispatched", None)?;
        Ok(id)
    })?;
    get(l.conn(), &id.to_string())
}

/// Dispatches a draft, filling in the fields given (empty ones keep their value).
pub fn dispatch(l: &mut Ledger, key: &str, d: &ManifestDraft) -> Result<Manifest> {
    let m = get(l.conn(), key)?;
    l.write(|w| {
        let (status, _) = current(w, m.id)?;
        if status != "draft" {
            return Err(step_error(&status, "出车"));
        }
        let merged = merge(w.tx(), &m, d)?;
        let v = validate_draft(w.tx(), &merged)?;
        check_dispatch(w, &v)?;
        let before = w.snapshot("cw_manifests", m.id.as_bytes())?;
        write_fields(w, m.id, &v)?;
        w.tx().execute(
            "UPDATE cw_manifests SET status = 'dispatched' WHERE id = ?1",
            [m.id],
        )?;
        w.log("cw_manifests", m.id.as_bytes(), before, None)
    })?;
    get(l.conn(), key)
}

/// The draft of a stored manifest, with the non-empty fields of `d` laid over it.
fn merge(conn: &Connection, m: &Manifest, d: &ManifestDraft) -> Result<ManifestDraft> {
    let ids: (Option<RefId>, Option<RefId>, Option<RefId>) = conn.query_row(
        "SELECT transporter_id, vehicle_id, facility_id FROM cw_manifests WHERE id = ?1",
        [m.id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let pick = |new: &str, old: String| {
        if new.trim().is_empty() {
            old
        } else {
            new.to_string()
        }
    };
    let s = |o: Option<RefId>| o.map(|i| i.to_string()).unwrap_or_default();
    Ok(ManifestDraft {
        category: pick(&d.category, m.category.clone()),
        unit: pick(&d.unit, m.unit.clone()),
        declared: pick(&d.declared, format_million(m.declared_qty)),
        overload_reason: pick(
            &d.overload_reason,
            m.overload_reason.clone().unwrap_or_default(),
        ),
        site: pick(&d.site, m.site_id.to_string()),
        transporter: pick(&d.transporter, s(ids.0)),
        vehicle: pick(&d.vehicle, s(ids.1)),
        driver: pick(&d.driver, m.driver.clone()),
        route: pick(&d.route, m.route.clone()),
        facility: pick(&d.facility, s(ids.2)),
        departure_at: pick(&d.departure_at, m.departure_at.clone().unwrap_or_default()),
    })
}

fn write_fields(w: &Writer<'_>, id: RefId, v: &Valid) -> Result<()> {
    w.tx().execute(
        "UPDATE cw_manifests SET category = ?2, unit = ?3, declared_qty = ?4, overload_reason = ?5,
            site_id = ?6, transporter_id = ?7, vehicle_id = ?8, driver = ?9, route = ?10,
            facility_id = ?11, departure_at = ?12, updated_at = ?13, origin = ?14, clock = ?15
         WHERE id = ?1",
        rusqlite::params![
            id,
            v.category,
            v.unit,
            v.declared,
            v.overload_reason,
            v.site,
            v.transporter,
            v.vehicle,
            v.driver,
            v.route,
            v.facility,
            v.departure_at,
            w.now(),
            w.installation(),
            w.clock()
        ],
    )?;
    Ok(())
}

fn set_status(w: &mut Writer<'_>, id: RefId, to: &str, reason: Option<&str>) -> Result<()> {
    let before = w.snapshot("cw_manifests", id.as_bytes())?;
    w.tx().execute(
        "UPDATE cw_manifests SET status = ?2, updated_at = ?3, origin = ?4, clock = ?5,
            closed_at = CASE WHEN ?2 = 'closed' THEN ?3 ELSE closed_at END,
            cancel_reason = CASE WHEN ?2 = 'cancelled' THEN ?6 ELSE cancel_reason END
         WHERE id = ?1",
        rusqlite::params![id, to, w.now(), w.installation(), w.clock(), reason],
    )?;
    w.log("cw_manifests", id.as_bytes(), before, reason)
}

struct ValidReception {
    received: i64,
    refused: i64,
    outcome: &'static str,
    received_at: String,
}

fn validate_reception(r: &Reception, departure: Option<&str>) -> Result<ValidReception> {
    let mut e = Vec::new();
    let mut qty = |field: &str, v: &str, required: bool| match parse_million(v) {
        Ok(Some(q)) => q,
        Ok(None) => {
            if required {
                e.push(FieldError::new(None, field, "required", &[]));
            }
            0
        }
        Err(QuantityError::Negative) => {
            e.push(FieldError::new(None, field, "negative", &[]));
            0
        }
        Err(QuantityError::Malformed) => {
            e.push(FieldError::new(
                None,
                field,
                "bad_quantity",
                &[("value", v.trim())],
            ));
            0
        }
    };
    let received = qty("received", &r.received, true);
    let refused = qty("refused", &r.refused, false);
    let outcome = match r.outcome.trim() {
        "accepted" | "接收" | "" => "accepted",
        "partial" | "部分拒收" => "partial",
        "refused" | "拒收" => "refused",
        o => {
            e.push(FieldError::new(
                None,
                "outcome",
                "bad_value",
                &[("value", o)],
            ));
            "accepted"
        }
    };
    let rule = match outcome {
        "accepted" if received <= 0 => {
            Some("接收时接收量应大于 0 / accepted needs a received quantity above 0")
        }
        "accepted" if refused != 0 => {
            Some("全部接收时拒收量应为 0 / accepted means nothing refused")
        }
        "partial" if !(0 < refused && refused < received) => {
            Some("部分拒收时 0 < 拒收量 < 接收量 / partial needs 0 < refused < received")
        }
        "refused" if refused != received || received == 0 => {
            Some("拒收时拒收量应等于接收量 / refused needs refused = received")
        }
        _ => None,
    };
    if let Some(rule) = rule {
        e.push(FieldError::new(
            None,
            "refused",
            "refused_fits_outcome",
            &[("rule", rule)],
        ));
    }
    let received_at = match parse_time(&r.received_at) {
        Some(t) => {
            if let Some(dep) = departure {
                if t.as_str() <= dep {
                    e.push(FieldError::new(
                        None,
                        "received_at",
                        "before_departure",
                        &[("value", dep)],
                    ));
                }
            }
            t
        }
        None => {
            let code = if r.received_at.trim().is_empty() {
                "required"
            } else {
                "bad_datetime"
            };
            e.push(FieldError::new(
                None,
                "received_at",
                code,
                &[("value", r.received_at.trim())],
            ));
            String::new()
        }
    };
    if !e.is_empty() {
        return Err(Error::Invalid(e));
    }
    Ok(ValidReception {
        received,
        refused,
        outcome,
        received_at,
    })
}

/// Records the reception of a dispatched load at the facility.
pub fn receive(l: &mut Ledger, key: &str, r: &Reception) -> Result<Manifest> {
    let m = get(l.conn(), key)?;
    l.write(|w| {
        let (status, dep) = current(w, m.id)?;
        if status != "dispatched" {
            return Err(step_error(&status, "接收"));
        }
        let v = validate_reception(r, dep.as_deref())?;
        let before = w.snapshot("cw_manifests", m.id.as_bytes())?;
        w.tx().execute(
            "UPDATE cw_manifests SET status = 'received', received_qty = ?2, refused_qty = ?3,
                outcome = ?4, received_at = ?5, updated_at = ?6, origin = ?7, clock = ?8 WHERE id = ?1",
            rusqlite::params![m.id, v.received, v.refused, v.outcome, v.received_at, w.now(), w.installation(), w.clock()],
        )?;
        w.log("cw_manifests", m.id.as_bytes(), before, None)
    })?;
    get(l.conn(), key)
}

/// Closes a received manifest.
pub fn close(l: &mut Ledger, key: &str) -> Result<Manifest> {
    let m = get(l.conn(), key)?;
    l.write(|w| {
        let (status, _) = current(w, m.id)?;
        if status != "received" {
            return Err(step_error(&status, "关闭"));
        }
        set_status(w, m.id, "closed", None)
    })?;
    get(l.conn(), key)
}

/// Cancels a draft or dispatched manifest, with a reason.
pub fn cancel(l: &mut Ledger, key: &str, reason: &str) -> Result<Manifest> {
    let m = get(l.conn(), key)?;
    l.write(|w| {
        let (status, _) = current(w, m.id)?;
        if status != "draft" && status != "dispatched" {
            return Err(step_error(&status, "作废"));
        }
        if reason.trim().is_empty() {
            return Err(Error::field("reason", "required", &[]));
        }
        set_status(w, m.id, "cancelled", Some(reason.trim()))
    })?;
    get(l.conn(), key)
}

/// Corrects fields of a manifest after they were locked: a revision with a reason, checked
/// by the same rules as the step that set them, and kept in the manifest's history.
pub fn revise(
    l: &mut Ledger,
    key: &str,
    d: &ManifestDraft,
    r: Option<&Reception>,
    reason: &str,
) -> Result<Manifest> {
    let m = get(l.conn(), key)?;
    l.write(|w| {
        let (status, _) = current(w, m.id)?;
        if status == "draft" || status == "cancelled" {
            return Err(step_error(&status, "修订"));
        }
        if reason.trim().is_empty() {
            return Err(Error::field("reason", "required", &[]));
        }
        let merged = merge(w.tx(), &m, d)?;
        let v = validate_draft(w.tx(), &merged)?;
        check_dispatch(w, &v)?;
        let before = w.snapshot("cw_manifests", m.id.as_bytes())?;
        write_fields(w, m.id, &v)?;
        if let Some(r) = r {
            if status == "dispatched" {
                return Err(step_error(&status, "修订接收信息"));
            }
            let pick = |new: &str, old: Option<i64>| {
                if new.trim().is_empty() {
                    old.map(format_million).unwrap_or_default()
                } else {
                    new.to_string()
                }
            };
            let full = Reception {
                received: pick(&r.received, m.received_qty),
                refused: pick(&r.refused, m.refused_qty),
                outcome: if r.outcome.trim().is_empty() {
                    m.outcome.clone().unwrap_or_default()
                } else {
                    r.outcome.clone()
                },
                received_at: if r.received_at.trim().is_empty() {
                    m.received_at.clone().unwrap_or_default()
                } else {
                    r.received_at.clone()
                },
            };
            let rv = validate_reception(&full, v.departure_at.as_deref())?;
            w.tx().execute(
                "UPDATE cw_manifests SET received_qty = ?2, refused_qty = ?3, outcome = ?4, received_at = ?5 WHERE id = ?1",
                rusqlite::params![m.id, rv.received, rv.refused, rv.outcome, rv.received_at],
            )?;
        }
        w.log("cw_manifests", m.id.as_bytes(), before, Some(reason.trim()))
    })?;
    get(l.conn(), key)
}
