//! Schema version 4 → 5, after the SQL of `v5_*.sql`: each area's part in turn.

use rusqlite::Transaction;

use crate::error::Result;

/// Runs each part of the step in order.
pub fn then(tx: &Transaction<'_>) -> Result<()> {
    day(tx)?;
    sync(tx)?;
    reports(tx)
}

/// The clerk's day in the window (see v5_day.sql).
fn day(_tx: &Transaction<'_>) -> Result<()> {
    Ok(())
}

/// Sync by file (see v5_sync.sql).
fn sync(_tx: &Transaction<'_>) -> Result<()> {
    Ok(())
}

/// Reduction and resource-use reports (see v5_reports.sql).
fn reports(_tx: &Transaction<'_>) -> Result<()> {
    Ok(())
}
