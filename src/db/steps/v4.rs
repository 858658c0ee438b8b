//! Schema version 3 → 4, after the SQL of `v4_*.sql`: each area's part in turn.

use rusqlite::Transaction;

use crate::error::Result;

/// Runs each part of the step in order.
pub fn then(tx: &Transaction<'_>) -> Result<()> {
    day(tx)?;
    agri(tx)?;
    reports(tx)
}

/// The clerk's day in the window (see v4_day.sql).
fn day(_tx: &Transaction<'_>) -> Result<()> {
    Ok(())
}

/// Agricultural waste (see v4_agri.sql): its tables are new and start empty (built-in kinds
/// live in the code), so there is nothing to convert or to log.
fn agri(_tx: &Transaction<'_>) -> Result<()> {
    Ok(())
}

/// Assessment, naming and certification reports (see v4_reports.sql): new tables only, which
/// start empty (the shipped criteria are in the program, not rows).
fn reports(_tx: &Transaction<'_>) -> Result<()> {
    Ok(())
}
