//! Schema version 2 → 3, after the SQL of `v3_*.sql`: each area's part in turn.

use rusqlite::Transaction;

use crate::error::Result;

/// Runs each part of the step in order.
pub fn then(tx: &Transaction<'_>) -> Result<()> {
    cells(tx)?;
    codes(tx)?;
    cw(tx)?;
    cw_use(tx)?;
    trust(tx)
}

/// Cells: categories, activity figures and denominators (see v3_cells.sql).
fn cells(_tx: &Transaction<'_>) -> Result<()> {
    Ok(())
}

/// Statuses, credit codes and districts (see v3_codes.sql).
fn codes(_tx: &Transaction<'_>) -> Result<()> {
    Ok(())
}

/// Construction-waste manifests and vehicles (see v3_cw.sql).
fn cw(_tx: &Transaction<'_>) -> Result<()> {
    Ok(())
}

/// Construction-waste facilities and resource use (see v3_cw_use.sql).
fn cw_use(_tx: &Transaction<'_>) -> Result<()> {
    Ok(())
}

/// The change log and the write path (see v3_trust.sql): the version-2 log converted into
/// compact entries, and every change set sealed into the chain (see v3_trust.rs).
fn trust(tx: &Transaction<'_>) -> Result<()> {
    trust_part::convert(tx)
}

#[path = "v3_trust.rs"]
mod trust_part;
