//! Step-by-step schema upgrades to `PRAGMA user_version`.
//!
//! `schema.sql` is always the whole current schema; a step takes a database of version
//! `to - 1` to version `to`. Never edit a released step: add a new one, bump `LATEST`, change
//! `schema.sql` to match, and add a fixture of the old version under `tests/fixtures/`.
//! A backup is taken before the first step; each step runs in its own transaction with
//! foreign keys off (so that tables can be rebuilt), and commits only when
//! `PRAGMA foreign_key_check` finds nothing.

use std::path::Path;

use rusqlite::{Connection, Transaction};

use crate::audit;
use crate::error::{Error, Result};

/// One upgrade step.
pub struct Step {
    /// The version the step produces.
    pub to: i64,
    /// The SQL that turns version `to - 1` into version `to`.
    pub sql: &'static str,
    /// What the step does after its SQL, in the same transaction.
    pub then: Option<fn(&Transaction<'_>) -> Result<()>>,
}

/// The newest schema version (the one `schema.sql` describes).
pub const LATEST: i64 = 3;

/// The released steps, oldest first.
pub const STEPS: &[Step] = &[
    Step {
        to: 2,
        sql: include_str!("steps/v2.sql"),
        then: Some(v2_then),
    },
    Step {
        to: 3,
        // One step in parts, one per area it reshapes; the parts run in this order.
        sql: concat!(
            include_str!("steps/v3_cells.sql"),
            include_str!("steps/v3_codes.sql"),
            include_str!("steps/v3_cw.sql"),
            include_str!("steps/v3_cw_use.sql"),
            include_str!("steps/v3_trust.sql"),
        ),
        then: Some(super::steps::v3::then),
    },
];

/// Upgrades `conn` through every step above its current version. When the database is a
/// file, it is first copied beside itself (`NAME.upgrade-vN-TIME.bak`).
pub fn upgrade(conn: &mut Connection, path: Option<&Path>, steps: &[Step]) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let pending: Vec<&Step> = steps.iter().filter(|s| s.to > version).collect();
    if pending.is_empty() {
        return Ok(());
    }
    if let Some(p) = path {
        super::backup(conn, &super::backup_path(p, &format!("upgrade-v{version}")))?;
    }
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let out = run_steps(conn, &pending);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    out
}

fn run_steps(conn: &mut Connection, steps: &[&Step]) -> Result<()> {
    for step in steps {
        let tx = conn.transaction()?;
        tx.execute_batch(step.sql)?;
        if let Some(then) = step.then {
            then(&tx)?;
        }
        let broken: i64 =
            tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })?;
        if broken > 0 {
            return Err(Error::NotALedger(format!(
                "upgrading to version {} would leave {broken} rows with a broken reference",
                step.to
            )));
        }
        tx.pragma_update(None, "user_version", step.to)?;
        tx.commit()?;
    }
    Ok(())
}

/// Version 2: the cells' text index is built, and each row's latest change-log entry gets
/// the row's new image and hash.
fn v2_then(tx: &Transaction<'_>) -> Result<()> {
    crate::cells::search::rebuild(tx)?;
    relog_latest_images(tx)
}

/// Version 2 stores rows' times and origin in a new form, so each row's latest change-log
/// entry gets the row's new image and hash (the history before it is kept as written).
fn relog_latest_images(tx: &Transaction<'_>) -> Result<()> {
    for table in audit::TABLES {
        // Tables audited from a later version on do not exist yet at this step, or have no
        // id yet (waste_categories).
        let exists: bool = tx.query_row(
            "SELECT count(*) > 0 FROM pragma_table_info(?1) WHERE name = 'id'",
            [table],
            |r| r.get(0),
        )?;
        if !exists {
            continue;
        }
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
            if let Some(img) = audit::state(tx, table, &id)? {
                st.execute((&id, table, img.json.to_string(), img.hash))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_run_in_order_and_a_failing_step_leaves_its_version() {
        let mut c = Connection::open_in_memory().unwrap();
        c.execute_batch("CREATE TABLE t (a INTEGER); PRAGMA user_version = 1;")
            .unwrap();
        let steps = [
            Step {
                to: 2,
                sql: "ALTER TABLE t ADD COLUMN b INTEGER;",
                then: None,
            },
            Step {
                to: 3,
                sql: "ALTER TABLE t ADD COLUMN c INTEGER; SELECT * FROM missing;",
                then: None,
            },
        ];
        assert!(upgrade(&mut c, None, &steps).is_err());
        let v: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 2, "step 2 committed, step 3 rolled back");
        let cols: i64 = c
            .query_row("SELECT count(*) FROM pragma_table_info('t')", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(cols, 2, "the failed step's column is not there");
    }

    #[test]
    fn upgrade_takes_a_backup_first() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("old.db");
        let mut c = Connection::open(&p).unwrap();
        c.execute_batch(
            "CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (7); PRAGMA user_version = 1;",
        )
        .unwrap();
        let steps = [Step {
            to: 2,
            sql: "DELETE FROM t;",
            then: None,
        }];
        upgrade(&mut c, Some(&p), &steps).unwrap();
        let bak = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .find(|e| e.file_name().to_string_lossy().contains("upgrade-v1"))
            .expect("a backup file");
        let b = Connection::open(bak.path()).unwrap();
        let a: i64 = b.query_row("SELECT a FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(a, 7, "the backup holds the data from before the upgrade");
    }
}
