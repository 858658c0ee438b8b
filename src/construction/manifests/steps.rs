//! The steps of a manifest: open, dispatch, close, cancel and revise, with the rules of each.
//! Dispatch freezes on the manifest what held when the truck left: the category's density
//! and the approval and permit numbers of the site, transporter, vehicle and facility.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::draft::{validate, Valid};
use super::lookup::Lookup;
use super::reception::{self, validate_reception, Context};
use super::{
    get, load, local_date, status_en, status_zh, DisposalMethod, Manifest, ManifestDraft, Reception,
};
use crate::construction::numbers::Numbers;
use crate::construction::registers::Register;
use crate::db::{Ledger, Writer};
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::RefId;
use crate::units::format_million;

/// The steps a clerk takes on a stored manifest from its page, besides reception.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Step {
    /// Close a received manifest.
    Close,
    /// Cancel a draft or dispatched one, with a reason.
    Cancel,
}

pub(super) fn insert(w: &mut Writer<'_>, v: &Valid, numbers: &mut Numbers) -> Result<RefId> {
    insert_as(w, v, numbers, RefId::new())
}

/// Inserts a manifest with the id `id` (an import's, which carries the file's line).
pub(super) fn insert_as(
    w: &mut Writer<'_>,
    v: &Valid,
    numbers: &mut Numbers,
    id: RefId,
) -> Result<RefId> {
    let number = numbers.next(w, v.departure_at.as_deref())?;
    w.tx().prepare_cached("INSERT INTO cw_manifests (id, number, category, unit, declared_qty, overload_reason, site_id,
            transporter_id, vehicle_id, driver, route, facility_id, departure_at, created_at,
            updated_at, origin, clock, disposal_method, paper_no, window_from, window_to)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20)")?.execute(rusqlite::params![
            id,
            number,
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
            w.clock(),
            v.disposal.map(DisposalMethod::key),
            v.paper_no,
            v.window_from,
            v.window_to
        ],
    )?;
    w.log("cw_manifests", id.as_bytes(), None, None)?;
    Ok(id)
}

/// Opens a manifest as a draft.
pub fn new(l: &mut Ledger, d: &ManifestDraft) -> Result<Manifest> {
    let id = l.write(|w| {
        let v = validate(&Lookup::live(w.tx()), d, None)?;
        insert(w, &v, &mut Numbers::default())
    })?;
    get(l.conn(), &id.to_string())
}

/// The refusal of a step (named in Chinese and English) on a manifest of status `from`.
pub(super) fn step_error(from: &str, step: (&str, &str)) -> Error {
    Error::field(
        "status",
        Rule::BadStep,
        &[
            ("from", status_zh(from)),
            ("from_en", status_en(from)),
            ("step", step.0),
            ("step_en", step.1),
        ],
    )
}

pub(super) fn current(w: &Writer<'_>, id: RefId) -> Result<(String, Option<String>)> {
    w.tx()
        .prepare_cached(
            "SELECT status, departure_at FROM cw_manifests WHERE id = ?1 AND deleted = 0",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: "manifest",
            key: id.to_string(),
        })
}

pub(super) fn parties(v: &Valid) -> [(Register, Option<RefId>, &'static str, &'static str); 4] {
    [
        (
            Register::Site,
            Some(v.site),
            "工地处置核准",
            "site's disposal approval",
        ),
        (
            Register::Transporter,
            v.transporter,
            "运输单位许可",
            "transporter's permit",
        ),
        (
            Register::Vehicle,
            v.vehicle,
            "车辆准运证",
            "vehicle's transport permit",
        ),
        (
            Register::Facility,
            v.facility,
            "消纳/利用设施核准",
            "facility's approval",
        ),
    ]
}

/// The refusals of dispatch: what must be filled, and the approvals and permits that must be
/// valid on the departure date.
pub(super) fn check_dispatch(look: &Lookup<'_>, v: &Valid) -> Result<()> {
    let mut e = Vec::new();
    for (field, missing) in [
        ("transporter", v.transporter.is_none()),
        ("vehicle", v.vehicle.is_none()),
        ("driver", v.driver.is_empty()),
        ("facility", v.facility.is_none()),
        ("departure_at", v.departure_at.is_none()),
        ("disposal_method", v.disposal.is_none()),
    ] {
        if missing {
            e.push(FieldError::new(None, field, Rule::Required, &[]));
        }
    }
    if let Some(dep) = v.departure_at.as_deref().filter(|d| super::is_future(d)) {
        let at = super::local_time(dep);
        e.push(FieldError::new(
            None,
            "departure_at",
            Rule::FutureTime,
            &[("value", &at)],
        ));
    }
    if let Some(dep) = &v.departure_at {
        let on = local_date(dep);
        for (register, id, what, what_en) in parties(v) {
            let Some(id) = id else { continue };
            if let Some((_, Some(until))) = look.permit(register, id)? {
                if until < on {
                    e.push(FieldError::new(
                        None,
                        register.key(),
                        Rule::Expired,
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

/// The approval and permit numbers of a load's parties, as dispatch freezes them (of the
/// `changed` ones only, on a revision; `None` for the others).
pub(super) fn permit_numbers(
    look: &Lookup<'_>,
    v: &Valid,
    changed: Option<[bool; 4]>,
) -> Result<[Option<String>; 4]> {
    let mut nos: [Option<String>; 4] = Default::default();
    for (i, (register, party, _, _)) in parties(v).into_iter().enumerate() {
        if changed.is_some_and(|c| !c[i]) {
            continue;
        }
        if let Some(p) = party {
            nos[i] = look.permit(register, p)?.map(|x| x.0);
        }
    }
    Ok(nos)
}

/// Freezes on the manifest the density it was checked with and the approval and permit
/// numbers of its parties (of the `changed` ones only, on a revision).
pub(super) fn freeze(
    w: &Writer<'_>,
    look: &Lookup<'_>,
    id: RefId,
    v: &Valid,
    changed: Option<[bool; 4]>,
) -> Result<()> {
    w.tx()
        .prepare_cached("UPDATE cw_manifests SET density_kg_m3 = ?2 WHERE id = ?1")?
        .execute(rusqlite::params![id, v.density])?;
    let cols = [
        "site_approval_no",
        "transporter_permit_no",
        "vehicle_permit_no",
        "facility_approval_no",
    ];
    let nos = permit_numbers(look, v, changed)?;
    for (i, no) in nos.into_iter().enumerate() {
        if changed.is_some_and(|c| !c[i]) {
            continue;
        }
        w.tx()
            .prepare_cached(&format!(
                "UPDATE cw_manifests SET {} = ?2 WHERE id = ?1",
                cols[i]
            ))?
            .execute(rusqlite::params![id, no])?;
    }
    Ok(())
}

/// A dispatched load that takes a refused one elsewhere: links it as the follow-up.
pub(super) fn follow(w: &mut Writer<'_>, id: RefId, v: &Valid) -> Result<()> {
    match &v.follows {
        Some(r) => load::set_followup(w, r, id),
        None => Ok(()),
    }
}

/// Opens and dispatches a manifest in one step (the weighbridge-side quick form).
pub fn dispatch_new(l: &mut Ledger, d: &ManifestDraft) -> Result<Manifest> {
    let id = l.write(|w| {
        let v = validate(&Lookup::live(w.tx()), d, None)?;
        check_dispatch(&Lookup::live(w.tx()), &v)?;
        let id = insert(w, &v, &mut Numbers::default())?;
        freeze(w, &Lookup::live(w.tx()), id, &v, None)?;
        set_status(w, id, "dispatched", None)?;
        follow(w, id, &v)?;
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
            return Err(step_error(&status, ("出车", "dispatched")));
        }
        let merged = merge(w.tx(), &m, d)?;
        let v = validate(&Lookup::live(w.tx()), &merged, None)?;
        check_dispatch(&Lookup::live(w.tx()), &v)?;
        let before = w.snapshot("cw_manifests", m.id.as_bytes())?;
        write_fields(w, m.id, &v)?;
        freeze(w, &Lookup::live(w.tx()), m.id, &v, None)?;
        w.tx()
            .prepare_cached("UPDATE cw_manifests SET status = 'dispatched' WHERE id = ?1")?
            .execute([m.id])?;
        w.log("cw_manifests", m.id.as_bytes(), before, None)?;
        follow(w, m.id, &v)
    })?;
    get(l.conn(), key)
}

/// The draft of a stored manifest, with the non-empty fields of `d` laid over it.
fn merge(conn: &Connection, m: &Manifest, d: &ManifestDraft) -> Result<ManifestDraft> {
    let ids: (Option<RefId>, Option<RefId>, Option<RefId>) = conn
        .prepare_cached(
            "SELECT transporter_id, vehicle_id, facility_id FROM cw_manifests WHERE id = ?1",
        )?
        .query_row([m.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let pick = |new: &str, old: String| {
        if new.trim().is_empty() {
            old
        } else {
            new.to_string()
        }
    };
    let s = |o: Option<RefId>| o.map(|i| i.to_string()).unwrap_or_default();
    let o = |o: &Option<String>| o.clone().unwrap_or_default();
    Ok(ManifestDraft {
        category: pick(&d.category, m.category.clone()),
        unit: pick(&d.unit, m.unit.clone()),
        declared: pick(&d.declared, format_million(m.declared_qty)),
        overload_reason: pick(&d.overload_reason, o(&m.overload_reason)),
        site: pick(&d.site, m.site_id.to_string()),
        transporter: pick(&d.transporter, s(ids.0)),
        vehicle: pick(&d.vehicle, s(ids.1)),
        driver: pick(&d.driver, m.driver.clone()),
        route: pick(&d.route, m.route.clone()),
        facility: pick(&d.facility, s(ids.2)),
        departure_at: pick(&d.departure_at, o(&m.departure_at)),
        disposal_method: pick(
            &d.disposal_method,
            m.disposal_method
                .map(|x| x.key().to_string())
                .unwrap_or_default(),
        ),
        paper_no: pick(&d.paper_no, o(&m.paper_no)),
        window_from: pick(&d.window_from, o(&m.window_from)),
        window_to: pick(&d.window_to, o(&m.window_to)),
        follows: d.follows.clone(),
    })
}

fn write_fields(w: &Writer<'_>, id: RefId, v: &Valid) -> Result<()> {
    w.tx().prepare_cached("UPDATE cw_manifests SET category = ?2, unit = ?3, declared_qty = ?4, overload_reason = ?5,
            site_id = ?6, transporter_id = ?7, vehicle_id = ?8, driver = ?9, route = ?10,
            facility_id = ?11, departure_at = ?12, updated_at = ?13, origin = ?14, clock = ?15,
            disposal_method = ?16, paper_no = ?17, window_from = ?18, window_to = ?19
         WHERE id = ?1")?.execute(rusqlite::params![
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
            w.clock(),
            v.disposal.map(DisposalMethod::key),
            v.paper_no,
            v.window_from,
            v.window_to
        ],
    )?;
    Ok(())
}

pub(super) fn set_status(
    w: &mut Writer<'_>,
    id: RefId,
    to: &str,
    reason: Option<&str>,
) -> Result<()> {
    let before = w.snapshot("cw_manifests", id.as_bytes())?;
    w.tx()
        .prepare_cached(
            "UPDATE cw_manifests SET status = ?2, updated_at = ?3, origin = ?4, clock = ?5,
            closed_at = CASE WHEN ?2 = 'closed' THEN ?3 ELSE closed_at END,
            cancel_reason = CASE WHEN ?2 = 'cancelled' THEN ?6 ELSE cancel_reason END
         WHERE id = ?1",
        )?
        .execute(rusqlite::params![
            id,
            to,
            w.now_ms(),
            w.origin(),
            w.clock(),
            reason
        ])?;
    w.log("cw_manifests", id.as_bytes(), before, reason)
}

/// Closes a received manifest.
pub fn close(l: &mut Ledger, key: &str) -> Result<Manifest> {
    step(l, key, Step::Close, "")
}

/// Cancels a draft or dispatched manifest, with a reason.
pub fn cancel(l: &mut Ledger, key: &str, reason: &str) -> Result<Manifest> {
    step(l, key, Step::Cancel, reason)
}

/// Takes one step on a manifest: close (needs `received`) or cancel (needs a draft or a
/// dispatched load, and a reason).
pub fn step(l: &mut Ledger, key: &str, s: Step, reason: &str) -> Result<Manifest> {
    let m = get(l.conn(), key)?;
    l.write(|w| {
        let (status, _) = current(w, m.id)?;
        match s {
            Step::Close => {
                if status != "received" {
                    return Err(step_error(&status, ("关闭", "closed")));
                }
                set_status(w, m.id, "closed", None)
            }
            Step::Cancel => {
                if status != "draft" && status != "dispatched" {
                    return Err(step_error(&status, ("作废", "cancelled")));
                }
                if reason.trim().is_empty() {
                    return Err(Error::field("reason", Rule::Required, &[]));
                }
                set_status(w, m.id, "cancelled", Some(reason.trim()))
            }
        }
    })?;
    get(l.conn(), key)
}

/// Corrects fields of a manifest after they were locked: a revision with a reason, checked
/// by the same rules as the step that set them, and kept in the manifest's history. The
/// frozen density stays unless the category changes; the frozen permit numbers of a party
/// change only with the party.
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
            return Err(step_error(&status, ("修订", "revised")));
        }
        if reason.trim().is_empty() {
            return Err(Error::field("reason", Rule::Required, &[]));
        }
        if r.is_some() && status == "dispatched" {
            return Err(step_error(&status, ("修订接收信息", "given a revised reception")));
        }
        let old: (RefId, Option<RefId>, Option<RefId>, Option<RefId>) = w.tx().prepare_cached("SELECT site_id, transporter_id, vehicle_id, facility_id FROM cw_manifests WHERE id = ?1")?.query_row([m.id],
            |x| Ok((x.get(0)?, x.get(1)?, x.get(2)?, x.get(3)?)),
        )?;
        let mut merged = merge(w.tx(), &m, d)?;
        merged.follows.clear();
        let same_category = super::category(&merged.category) == Some(m.category.as_str());
        let frozen = if same_category { m.density_kg_m3 } else { None };
        let mut v = validate(&Lookup::live(w.tx()), &merged, frozen)?;
        check_dispatch(&Lookup::live(w.tx()), &v)?;
        let before = w.snapshot("cw_manifests", m.id.as_bytes())?;
        if let Some(r) = r {
            let full = merge_reception(&m, r);
            let ctx = Context {
                vehicle: v.vehicle,
                density: v.density,
                overload_reason: merged.overload_reason.clone(),
            };
            let rv = validate_reception(
                &Lookup::live(w.tx()),
                &full,
                v.departure_at.as_deref(),
                &ctx,
            )?;
            if rv.overload_reason.is_some() && v.overload_reason.is_none() {
                v.overload_reason = rv.overload_reason.clone();
            }
            reception::write(w, m.id, &rv)?;
        } else if v.overload_reason.is_none() && m.received_qty.is_some() {
            // The reception's own overload stays flagged.
            v.overload_reason = m.overload_reason.clone().filter(|_| {
                m.rated_payload_g
                    .is_some_and(|p| m.received_qty.unwrap_or(0) > p)
            });
        }
        write_fields(w, m.id, &v)?;
        let changed = [
            old.0 != v.site,
            old.1 != v.transporter,
            old.2 != v.vehicle,
            old.3 != v.facility,
        ];
        freeze(w, &Lookup::live(w.tx()), m.id, &v, Some(changed))?;
        w.log("cw_manifests", m.id.as_bytes(), before, Some(reason.trim()))
    })?;
    get(l.conn(), key)
}

/// A reception of a stored manifest with the non-empty fields of `r` laid over it.
fn merge_reception(m: &Manifest, r: &Reception) -> Reception {
    let pick = |new: &str, old: Option<i64>| {
        if new.trim().is_empty() {
            old.map(format_million).unwrap_or_default()
        } else {
            new.to_string()
        }
    };
    let pick_s = |new: &str, old: &Option<String>| {
        if new.trim().is_empty() {
            old.clone().unwrap_or_default()
        } else {
            new.to_string()
        }
    };
    let weighed = !(r.gross.trim().is_empty() && r.tare.trim().is_empty());
    Reception {
        // New gross and tare make a new net unless one is given.
        received: if weighed && r.received.trim().is_empty() {
            String::new()
        } else {
            pick(&r.received, m.received_qty)
        },
        refused: pick(&r.refused, m.refused_qty),
        gross: pick(&r.gross, m.gross_g),
        tare: pick(&r.tare, m.tare_g),
        ticket_no: pick_s(&r.ticket_no, &m.ticket_no),
        outcome: pick_s(&r.outcome, &m.outcome),
        received_at: pick_s(&r.received_at, &m.received_at),
        overload_reason: r.overload_reason.clone(),
    }
}
