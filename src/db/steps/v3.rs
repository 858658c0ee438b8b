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

/// Construction-waste manifests and vehicles (see v3_cw.sql): the SQL gave every vehicle and
/// manifest new columns and turned m³ receptions into grams, so each row's latest change-log
/// entry gets the row's new image and hash (the history before it is kept as written).
fn cw(tx: &Transaction<'_>) -> Result<()> {
    // A `SELECT *` cached before the columns were added would still name the old ones.
    tx.flush_prepared_statement_cache();
    for table in ["cw_vehicles", "cw_manifests"] {
        let ids: Vec<Vec<u8>> = tx
            .prepare(&format!("SELECT id FROM {table}"))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = tx.prepare(
            "UPDATE change_log SET after = iif(after IS NULL, NULL, ?3), after_hash = ?4
             WHERE row_id = ?1 AND seq = (
                 SELECT max(seq) FROM change_log WHERE row_id = ?1 AND tbl = ?2)",
        )?;
        for id in ids {
            if let Some(img) = crate::audit::state(tx, table, &id)? {
                st.execute((&id, table, img.json.to_string(), img.hash))?;
            }
        }
    }
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
