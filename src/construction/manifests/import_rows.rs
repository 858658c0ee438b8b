//! An imported row of manifests: checked with the dispatch form's validators against the
//! registers and settings loaded once for the import, numbered from the import's counter,
//! and written once in its final state when it is only dispatched.

use super::draft::{validate, Valid};
use super::lookup::{Lookup, Preloaded};
use super::reception::{self, validate_reception, Context};
use super::steps::{check_dispatch, follow, freeze, insert_as, permit_numbers, set_status};
use super::{DisposalMethod, ManifestDraft, Reception};
use crate::audit::RowHash;
use crate::construction::numbers::Numbers;
use crate::db::Writer;
use crate::error::Result;
use crate::ids::RefId;

/// Writes an imported load that is only dispatched (no reception, no follow-up) once, in
/// its final state: dispatched, with its density and its parties' permit numbers frozen,
/// exactly the row [`insert_as`], [`freeze`] and [`set_status`] leave; it is logged as a row of
/// the transaction's bulk insert (its id and row hash) rather than with an entry of its own.
fn insert_dispatched_bulk(
    w: &mut Writer<'_>,
    pre: &Preloaded,
    v: &Valid,
    numbers: &mut Numbers,
    id: RefId,
) -> Result<()> {
    let nos = permit_numbers(&Lookup::preloaded(w.tx(), pre), v, None)?;
    let number = numbers.next(w, v.departure_at.as_deref())?;
    w.tx().prepare_cached("INSERT INTO cw_manifests (id, number, category, unit, declared_qty, overload_reason, site_id,
            transporter_id, vehicle_id, driver, route, facility_id, departure_at, created_at,
            updated_at, origin, clock, disposal_method, paper_no, window_from, window_to,
            status, density_kg_m3, site_approval_no, transporter_permit_no, vehicle_permit_no,
            facility_approval_no)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20, 'dispatched', ?21, ?22, ?23, ?24, ?25)")?.execute(rusqlite::params![
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
            v.window_to,
            v.density,
            nos[0],
            nos[1],
            nos[2],
            nos[3]
        ],
    )?;
    let hash = dispatched_row_hash(w, id, &number, v, &nos);
    #[cfg(debug_assertions)]
    {
        // Test builds read the row back: the hash from the values must be the stored row's.
        let stored = crate::audit::hash_of(w.tx(), "cw_manifests", id.as_bytes())?;
        debug_assert_eq!(stored, Some(hash), "row hash of an imported load");
    }
    w.log_bulk_row("cw_manifests", id.as_bytes(), hash)?;
    Ok(())
}

/// The row hash of a load [`insert_dispatched_bulk`] writes, from the values it writes, in
/// the table's column order (`zwl check` recomputes it from the stored row).
fn dispatched_row_hash(
    w: &Writer<'_>,
    id: RefId,
    number: &str,
    v: &Valid,
    nos: &[Option<String>; 4],
) -> i64 {
    fn text(h: &mut RowHash, v: Option<&str>) {
        match v {
            Some(s) => h.text(s),
            None => h.null(),
        };
    }
    fn blob(h: &mut RowHash, v: Option<RefId>) {
        match v {
            Some(id) => h.blob(id.as_bytes()),
            None => h.null(),
        };
    }
    let mut h = RowHash::default();
    h.blob(id.as_bytes())
        .text(number)
        .text(v.category)
        .text(v.unit)
        .int(v.declared);
    text(&mut h, v.overload_reason.as_deref());
    h.blob(v.site.as_bytes());
    blob(&mut h, v.transporter);
    blob(&mut h, v.vehicle);
    h.text(&v.driver).text(&v.route);
    blob(&mut h, v.facility);
    text(&mut h, v.departure_at.as_deref());
    h.text("dispatched");
    // Outcome, received, refused, received at, closed at, cancel reason.
    for _ in 0..6 {
        h.null();
    }
    h.int(w.now_ms())
        .int(w.now_ms())
        .int(w.origin())
        .int(w.clock())
        .int(0)
        .int(v.density);
    text(&mut h, v.disposal.map(DisposalMethod::key));
    for no in nos {
        text(&mut h, no.as_deref());
    }
    text(&mut h, v.paper_no.as_deref());
    text(&mut h, v.window_from.as_deref());
    text(&mut h, v.window_to.as_deref());
    // Gross, tare, ticket, follow-up.
    for _ in 0..4 {
        h.null();
    }
    h.finish()
}

/// One imported row: a dispatched load, received too when a reception is given. Checked
/// with the form's validators against the registers and settings `pre` loaded once for the
/// import, and numbered by the import's `numbers`; written with the id `id`.
pub(crate) fn import_row(
    w: &mut Writer<'_>,
    pre: &Preloaded,
    numbers: &mut Numbers,
    d: &ManifestDraft,
    r: Option<&Reception>,
    id: RefId,
) -> Result<()> {
    let look = Lookup::preloaded(w.tx(), pre);
    let v = validate(&look, d, None)?;
    check_dispatch(&look, &v)?;
    if r.is_none() && v.follows.is_none() {
        return insert_dispatched_bulk(w, pre, &v, numbers, id);
    }
    let id = insert_as(w, &v, numbers, id)?;
    freeze(w, &Lookup::preloaded(w.tx(), pre), id, &v, None)?;
    set_status(w, id, "dispatched", None)?;
    if let Some(r) = r {
        let ctx = Context {
            vehicle: v.vehicle,
            density: v.density,
            overload_reason: v.overload_reason.clone().unwrap_or_default(),
        };
        let look = Lookup::preloaded(w.tx(), pre);
        let rv = validate_reception(&look, r, v.departure_at.as_deref(), &ctx)?;
        reception::apply(w, id, &rv)?;
    }
    follow(w, id, &v)
}
