//! Step-by-step schema upgrades to `PRAGMA user_version`.
//!
//! `schema.sql` is always the whole current schema; a step takes a database of version
//! `to - 1` to version `to`. Never edit a released step: add a new one, bump `LATEST`, change
//! `schema.sql` to match, and add a fixture of the old version under `tests/fixtures/`.
//! A backup is taken before the first step; each step runs in its own transaction.

use std::path::Path;

use rusqlite::Connection;

use crate::error::Result;

/// One upgrade step.
pub struct Step {
    /// The version the step produces.
    pub to: i64,
    /// The SQL that turns version `to - 1` into version `to`.
    pub sql: &'static str,
}

/// The newest schema version (the one `schema.sql` describes).
pub const LATEST: i64 = 1;

/// The released steps, oldest first. Version 1 is the first release: nothing to upgrade yet.
pub const STEPS: &[Step] = &[];

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
    for step in pending {
        let tx = conn.transaction()?;
        tx.execute_batch(step.sql)?;
        tx.pragma_update(None, "user_version", step.to)?;
        tx.commit()?;
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
            },
            Step {
                to: 3,
                sql: "ALTER TABLE t ADD COLUMN c INTEGER; SELECT * FROM missing;",
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
