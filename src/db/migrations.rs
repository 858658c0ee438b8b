//! Step-by-step schema upgrades to `PRAGMA user_version`.
//!
//! `schema.sql` is always the whole current schema; a step takes a database of version
//! `to - 1` to version `to`. Never edit a released step: add a new one, bump `LATEST`, change
//! `schema.sql` to match, and add a fixture of the old version under `tests/fixtures/`.
//! A backup is taken before the first step; all steps run in one transaction with
//! foreign keys off (so that tables can be rebuilt), which commits only when
//! `PRAGMA foreign_key_check` finds nothing after each step.

use std::path::Path;

use rusqlite::{Connection, Transaction};

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
pub const LATEST: i64 = 5;

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
    Step {
        to: 4,
        // One step in parts, one per area it adds; the parts run in this order.
        sql: concat!(
            include_str!("steps/v4_day.sql"),
            include_str!("steps/v4_agri.sql"),
            include_str!("steps/v4_reports.sql"),
        ),
        then: Some(super::steps::v4::then),
    },
    Step {
        to: 5,
        // One step in parts, one per area it adds; the parts run in this order.
        sql: concat!(
            include_str!("steps/v5_day.sql"),
            include_str!("steps/v5_sync.sql"),
            include_str!("steps/v5_reports.sql"),
        ),
        then: Some(super::steps::v5::then),
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

/// Runs the steps in one transaction that takes the write lock first, so that a crash leaves
/// the database at its old version or at the newest, never between two steps.
fn run_steps(conn: &mut Connection, steps: &[&Step]) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    // Another program may have upgraded the file meanwhile.
    let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for step in steps.iter().filter(|s| s.to > now) {
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
    }
    tx.commit()?;
    Ok(())
}

/// Version 2: the cells' text index is built, and each row's latest change-log entry gets
/// the row's new image and hash.
fn v2_then(tx: &Transaction<'_>) -> Result<()> {
    v2_search_rebuild(tx)?;
    relog_latest_images(tx)
}

/// Version 2's text index of the cells, frozen as released: every cell's name, credit
/// code, address, contact and manager, each Chinese character a token and each ASCII run a
/// lower-case word, fields and punctuation separated by ` zz`.
fn v2_search_rebuild(tx: &Transaction<'_>) -> Result<()> {
    const BREAK: &str = " zz";
    fn terms(fields: &[&str]) -> String {
        let mut out = String::new();
        let mut word = false;
        for f in fields {
            for c in f.chars() {
                if c.is_ascii_alphanumeric() {
                    if !word {
                        out.push(' ');
                    }
                    out.push(c.to_ascii_lowercase());
                    word = true;
                } else if c.is_alphanumeric() {
                    out.push(' ');
                    out.push(c);
                    word = false;
                } else {
                    if !out.ends_with(BREAK) {
                        out.push_str(BREAK);
                    }
                    word = false;
                }
            }
            if !out.ends_with(BREAK) {
                out.push_str(BREAK);
            }
            word = false;
        }
        out
    }
    tx.execute("DELETE FROM cells_fts", [])?;
    let mut st =
        tx.prepare("SELECT id, name, coalesce(uscc, ''), address, contact, manager FROM cells")?;
    let mut rows = st.query([])?;
    let mut ins = tx.prepare("INSERT INTO cells_fts (cell, terms) VALUES (?1, ?2)")?;
    while let Some(r) = rows.next()? {
        let f: [String; 5] = [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?];
        let f: Vec<&str> = f.iter().map(String::as_str).collect();
        ins.execute(rusqlite::params![r.get::<_, Vec<u8>>(0)?, terms(&f)])?;
    }
    Ok(())
}

#[cfg(test)]
#[test]
fn the_frozen_v2_index_reads_as_the_released_one() {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(
        "CREATE TABLE cells (id BLOB, name TEXT, uscc TEXT, address TEXT, contact TEXT, manager TEXT);
         CREATE TABLE cells_fts (cell BLOB, terms TEXT);
         INSERT INTO cells VALUES (x'01', '幸福小区3期', '91220101MA0X', '人民大街 12号', '', '');",
    )
    .unwrap();
    let mut conn = conn;
    let tx = conn.transaction().unwrap();
    v2_search_rebuild(&tx).unwrap();
    let t: String = tx
        .query_row("SELECT terms FROM cells_fts", [], |r| r.get(0))
        .unwrap();
    assert!(t.starts_with(" 幸 福 小 区 3 期 zz 91220101ma0x zz 人 民 大 街 zz 12 号 zz"));
}

/// Version 2 stores rows' times and origin in a new form, so each row's latest change-log
/// entry gets the row's new image and hash (the history before it is kept as written).
fn relog_latest_images(tx: &Transaction<'_>) -> Result<()> {
    // The audited tables of version 2 (later versions add their own: not there yet).
    const V2_TABLES: &[&str] = &[
        "districts",
        "cell_kinds",
        "cells",
        "cell_records",
        "cw_sites",
        "cw_transporters",
        "cw_vehicles",
        "cw_facilities",
        "cw_manifests",
        "cw_facility_outputs",
    ];
    for table in V2_TABLES {
        let mut st = tx.prepare(
            "UPDATE change_log SET after = iif(after IS NULL, NULL, ?3), after_hash = ?4
             WHERE row_id = ?1 AND seq = (
                 SELECT max(seq) FROM change_log WHERE row_id = ?1 AND tbl = ?2)",
        )?;
        for (id, json, hash) in super::steps::row_image_1::images(tx, table)? {
            st.execute((&id, table, json, hash))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_run_in_order_and_a_failing_step_leaves_the_old_version() {
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
        assert_eq!(v, 1, "the upgrade is one transaction: all steps or none");
        let cols: i64 = c
            .query_row("SELECT count(*) FROM pragma_table_info('t')", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(cols, 1, "neither step's column is there");
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
