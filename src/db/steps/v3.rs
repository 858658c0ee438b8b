//! Schema version 2 → 3, after the SQL of `v3_*.sql`: each area's part in turn.

use rusqlite::Transaction;

use crate::error::Result;

#[path = "v3_cells.rs"]
mod cells_part;

/// Runs each part of the step in order.
pub fn then(tx: &Transaction<'_>) -> Result<()> {
    cells(tx)?;
    codes(tx)?;
    cw(tx)?;
    cw_use(tx)?;
    trust(tx)
}

/// Cells: categories, activity figures and denominators (see v3_cells.sql).
fn cells(tx: &Transaction<'_>) -> Result<()> {
    cells_part::run(tx)
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

/// The change log and the write path (see v3_trust.sql).
fn trust(_tx: &Transaction<'_>) -> Result<()> {
    Ok(())
}
