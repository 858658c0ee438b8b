//! Schema version 2 → 3, after the SQL of `v3_*.sql`: each area's part in turn.

use rusqlite::Transaction;

use super::row_image_1::images;
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

/// Construction-waste manifests and vehicles (see v3_cw.sql): the SQL gave every vehicle and
/// manifest new columns and turned m³ receptions into grams, so each row's latest change-log
/// entry gets the row's new image and hash (the history before it is kept as written).
fn cw(tx: &Transaction<'_>) -> Result<()> {
    // A `SELECT *` cached before the columns were added would still name the old ones.
    tx.flush_prepared_statement_cache();
    for table in ["cw_vehicles", "cw_manifests"] {
        let mut st = tx.prepare(
            // The version-2 log, renamed by the SQL of this step; `trust` converts it last.
            "UPDATE change_log_v2 SET after = iif(after IS NULL, NULL, ?3), after_hash = ?4
             WHERE row_id = ?1 AND seq = (
                 SELECT max(seq) FROM change_log_v2 WHERE row_id = ?1 AND tbl = ?2)",
        )?;
        for (id, json, hash) in images(tx, table)? {
            st.execute((&id, table, json, hash))?;
        }
    }
    Ok(())
}

/// Construction-waste facilities and resource use (see v3_cw_use.sql): a facility that has
/// already received a category outside its kind's defaults accepts it from now on (so the
/// new mismatch alert does not fire on history), and the rebuilt rows' latest change-log
/// entries get the rows' new images, as the version-2 step did.
fn cw_use(tx: &Transaction<'_>) -> Result<()> {
    // The categories in their order, and the version-3 defaults of the two kinds version 2
    // had (frozen copies: the live ones may change).
    const ORDER: [&str; 5] = ["soil", "slurry", "engineering", "demolition", "decoration"];
    let defaults = |kind: &str| -> &'static [&'static str] {
        match kind {
            "recycling" => &["engineering", "demolition", "decoration"],
            _ => &ORDER,
        }
    };
    let received: Vec<(Vec<u8>, String, String)> = tx
        .prepare(
            "SELECT DISTINCT f.id, f.kind, m.category FROM cw_manifests m
             JOIN cw_facilities f ON f.id = m.facility_id
             WHERE m.status <> 'cancelled' AND m.deleted = 0 ORDER BY f.id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut extra: std::collections::BTreeMap<Vec<u8>, (String, Vec<String>)> = Default::default();
    for (id, kind, cat) in received {
        if !defaults(&kind).contains(&cat.as_str()) {
            extra.entry(id).or_insert((kind, vec![])).1.push(cat);
        }
    }
    for (id, (kind, cats)) in &extra {
        let list: Vec<&str> = ORDER
            .iter()
            .copied()
            .filter(|c| defaults(kind).contains(c) || cats.iter().any(|x| x == c))
            .collect();
        tx.execute(
            "UPDATE cw_facilities SET accepts = ?2 WHERE id = ?1",
            rusqlite::params![id, list.join(",")],
        )?;
    }
    // Statements cached before the tables were rebuilt would read them with their old columns.
    tx.flush_prepared_statement_cache();
    for table in ["cw_facilities", "cw_facility_outputs"] {
        let mut st = tx.prepare(
            // The version-2 log, renamed by the SQL of this step; `trust` converts it last.
            "UPDATE change_log_v2 SET after = iif(after IS NULL, NULL, ?3), after_hash = ?4
             WHERE row_id = ?1 AND seq = (
                 SELECT max(seq) FROM change_log_v2 WHERE row_id = ?1 AND tbl = ?2)",
        )?;
        for (id, json, hash) in images(tx, table)? {
            st.execute((&id, table, json, hash))?;
        }
    }
    Ok(())
}

/// The change log and the write path (see v3_trust.sql): the version-2 log converted into
/// compact entries, and every change set sealed into the chain (see v3_trust.rs).
fn trust(tx: &Transaction<'_>) -> Result<()> {
    trust_part::convert(tx)
}

#[path = "v3_trust.rs"]
mod trust_part;
