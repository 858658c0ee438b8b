//! Cells written as rows of the transaction's bulk insert (imports, generated data): each
//! row's hash computed from the values written, the kind's activity figure read once per kind.

use std::collections::HashMap;

use super::{activity, insert_row, insert_valid_as, ValidCell};
use crate::audit::RowHash;
use crate::db::Writer;
use crate::error::Result;
use crate::ids::CellId;

/// The activity figure and its unit the form's 人数/户数 stands for, per cell kind, each read
/// from the ledger once (a write that inserts cells adds no kind and no denominator).
#[derive(Default)]
pub(crate) struct KindFigures(HashMap<String, (String, String)>);

impl KindFigures {
    /// The figure and unit of `kind`.
    fn of(&mut self, w: &Writer<'_>, kind: &str) -> Result<(String, String)> {
        if let Some(f) = self.0.get(kind) {
            return Ok(f.clone());
        }
        let denominator = super::denominator_of(w, kind)?;
        let f = activity::form_figure(w.tx(), kind, &denominator)?;
        self.0.insert(kind.to_string(), f.clone());
        Ok(f)
    }
}

/// Inserts a validated cell as a row of the transaction's bulk insert, with its activity
/// figures; a cell with an override reason or a place is logged on its own, since the log
/// keeps the reason. Written with the id `id`.
pub(crate) fn insert(
    w: &mut Writer<'_>,
    v: &ValidCell,
    kinds: &mut KindFigures,
    id: CellId,
) -> Result<CellId> {
    if v.uscc_override.is_some() || !v.place.is_empty() {
        return insert_valid_as(w, v, id);
    }
    let id = insert_row(w, v, id)?;
    let hash = row_hash(w, id, v);
    #[cfg(debug_assertions)]
    {
        // Test builds read the row back: the hash from the values must be the stored row's.
        let stored = crate::audit::hash_of(w.tx(), "cells", id.as_bytes())?;
        debug_assert_eq!(stored, Some(hash), "row hash of an imported cell");
    }
    w.log_bulk_row("cells", id.as_bytes(), hash)?;
    let (figure, unit) = kinds.of(w, &v.kind)?;
    activity::apply_shortcut_bulk(w, id, &figure, &unit, v)?;
    Ok(id)
}

/// The row hash of a cell [`insert_row`] writes, from its values in the table's column order
/// (`zwl check` recomputes it from the stored row).
fn row_hash(w: &Writer<'_>, id: CellId, v: &ValidCell) -> i64 {
    fn text(h: &mut RowHash, v: Option<&str>) {
        match v {
            Some(s) => h.text(s),
            None => h.null(),
        };
    }
    let mut h = RowHash::default();
    h.blob(id.as_bytes()).text(&v.name).text(&v.kind);
    text(&mut h, v.uscc.as_deref());
    text(&mut h, v.uscc_override.as_deref());
    h.text(&v.district)
        .text(&v.address)
        .text(&v.contact)
        .text(&v.phone)
        .text(&v.manager);
    // The version-2 headcounts, now activity figures.
    h.null().null();
    match v.baseline_year {
        Some(y) => h.int(i64::from(y)),
        None => h.null(),
    };
    h.text(v.status.key());
    text(&mut h, v.certified_on.as_deref());
    text(&mut h, v.expires_on.as_deref());
    h.int(w.now_ms())
        .int(w.now_ms())
        .int(w.origin())
        .int(w.clock())
        .int(0);
    h.finish()
}
