//! The steps of a manifest: open, dispatch, close, cancel and revise, with the rules of each.

use chrono::Local;
use rusqlite::{Connection, OptionalExtension};

use super::reception::{self, validate_reception};
use super::{
    category, get, local_date, parse_time, status_zh, tonnes, Manifest, ManifestDraft, Reception,
    MAX_LOAD_T,
};
use crate::construction::registers::{find, valid_until};
use crate::db::{Ledger, Writer};
use crate::error::{Error, FieldError, Result};
use crate::ids::RefId;
use crate::units::{format_million, parse_in, Limit, Unit};

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
    let d = &clean_draft(&mut e, d);
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
    let qty_unit = Unit::of_manifest(unit);
    let max = Limit::Load.stored(conn, qty_unit)?;
    let declared = match parse_in(&d.declared, qty_unit, max) {
        Ok(Some(q)) if q > 0 => q,
        Ok(Some(_)) => {
            e.push(FieldError::new(None, "declared", "not_positive_qty", &[]));
            0
        }
        Ok(None) => {
            e.push(FieldError::new(None, "declared", "required", &[]));
            0
        }
        Err(q) => {
            e.push(q.to_field(None, "declared", &d.declared, qty_unit));
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
            v.vehicle, v.driver, v.route, v.facility, v.departure_at, w.now_ms(), w.origin(),
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

pub(super) fn step_error(from: &str, step: &str) -> Error {
    Error::field(
        "status",
        "bad_step",
        &[("from", status_zh(from)), ("step", step)],
    )
}

pub(super) fn current(w: &Writer<'_>, id: RefId) -> Result<(String, Option<String>)> {
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
    if let Some(dep) = v.departure_at.as_deref().filter(|d| super::is_future(d)) {
        let at = super::local_time(dep);
        e.push(FieldError::new(
            None,
            "departure_at",
            "future_time",
            &[("value", &at)],
        ));
    }
    if let Some(dep) = &v.departure_at {
        let on = local_date(dep);
        let parties = [
            (
                "site",
                Some(v.site),
                "工地处置核准",
                "site's disposal approval",
            ),
            (
                "transporter",
                v.transporter,
                "运输单位许可",
                "transporter's permit",
            ),
            (
                "vehicle",
                v.vehicle,
                "车辆准运证",
                "vehicle's transport permit",
            ),
            (
                "facility",
                v.facility,
                "消纳/利用设施核准",
                "facility's approval",
            ),
        ];
        for (register, id, what, what_en) in parties {
            let Some(id) = id else { continue };
            if let Some(until) = valid_until(w, register, id)? {
                if until < on {
                    e.push(FieldError::new(
                        None,
                        register,
                        "expired",
                        &[
                            ("what", what),
                            ("what_en", what_en),
                            ("until", &until),
                            ("on", &on),
                        ],
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
            w.now_ms(),
            w.origin(),
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
        rusqlite::params![id, to, w.now_ms(), w.origin(), w.clock(), reason],
    )?;
    w.log("cw_manifests", id.as_bytes(), before, reason)
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
            let unit = Unit::of_manifest(v.unit);
            let max = Limit::Load.stored(w.tx(), unit)?;
            let rv = validate_reception(&full, v.departure_at.as_deref(), unit, max)?;
            w.tx().execute(
                "UPDATE cw_manifests SET received_qty = ?2, refused_qty = ?3, outcome = ?4, received_at = ?5 WHERE id = ?1",
                rusqlite::params![m.id, rv.received, rv.refused, rv.outcome, rv.received_at],
            )?;
        }
        w.log("cw_manifests", m.id.as_bytes(), before, Some(reason.trim()))
    })?;
    get(l.conn(), key)
}

/// One imported row: a dispatched load, received too when a reception is given.
pub(crate) fn import_row(
    w: &mut Writer<'_>,
    d: &ManifestDraft,
    r: Option<&Reception>,
) -> Result<()> {
    let v = validate_draft(w.tx(), d)?;
    check_dispatch(w, &v)?;
    let id = insert(w, &v)?;
    set_status(w, id, "dispatched", None)?;
    if let Some(r) = r {
        let unit = Unit::of_manifest(v.unit);
        let max = Limit::Load.stored(w.tx(), unit)?;
        let rv = validate_reception(r, v.departure_at.as_deref(), unit, max)?;
        reception::apply(w, id, &rv)?;
    }
    Ok(())
}

/// The draft with every text field read by [`crate::text::clean`] (see there what is
/// stripped and what refused).
fn clean_draft(e: &mut Vec<FieldError>, d: &ManifestDraft) -> ManifestDraft {
    let mut t =
        |field: &str, v: &str, max: usize| crate::text::clean(e, None, field, v, max, false);
    let mut c = d.clone();
    c.category = t("category", &d.category, 20);
    c.unit = t("unit", &d.unit, 10);
    c.declared = t("declared", &d.declared, 30);
    c.overload_reason = t("overload_reason", &d.overload_reason, 200);
    c.site = t("site", &d.site, 100);
    c.transporter = t("transporter", &d.transporter, 100);
    c.vehicle = t("vehicle", &d.vehicle, 40);
    c.driver = t("driver", &d.driver, 50);
    c.route = t("route", &d.route, 200);
    c.facility = t("facility", &d.facility, 100);
    c.departure_at = t("departure_at", &d.departure_at, 40);
    c
}
