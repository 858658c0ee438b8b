//! Opening the ledger database: pragmas, creation from `schema.sql`, versioned upgrades
//! with a backup first, and the write transaction every change goes through.
//!
//! `db` knows nothing of the domain: it depends only on [`crate::audit`] (the change log is
//! the write path's own record: every write appends to it in its transaction), on
//! [`crate::error`] and on [`crate::ids`]. What a new ledger starts with and the settings'
//! rules live above it, in `crate::setup` and `crate::profile`; the upgrade steps run frozen
//! code of their own (see `steps/`), never live domain functions.

mod backup;
pub mod migrations;
mod open;
mod restore;
mod steps;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

pub use backup::{backup, backup_path};
pub use open::{foundation_problems, Seed, BUSY_TIMEOUT};
pub use restore::{restore, Restored};

use crate::audit::{self, Image};
use crate::error::{Error, Result};

/// The whole current schema.
pub const SCHEMA_SQL: &str = include_str!("../../schema.sql");

/// The schema version `schema.sql` describes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = migrations::LATEST;

/// The operator the change log records when no name is set (shown as "(not set)" in
/// English).
pub const UNSET_OPERATOR: &str = "(未设置)";

/// An open ledger: one SQLite connection plus who is writing.
pub struct Ledger {
    conn: Connection,
    path: Option<PathBuf>,
    installation: String,
    /// This installation's number in `installations` (the rows' `origin`).
    origin: i64,
    operator: String,
    /// Opened for reading only: every write is refused.
    read_only: bool,
}

impl Ledger {
    /// Reads the installation, its number and the operator name again (after a setting
    /// changed).
    pub(crate) fn load_identity(&mut self) -> Result<()> {
        self.installation = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'installation_id'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::NotALedger("no installation id".into()))?;
        self.origin = self
            .conn
            .query_row(
                "SELECT n FROM installations WHERE id = ?1",
                [&self.installation],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::NotALedger("the installation is not registered".into()))?;
        self.operator = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'operator'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_default();
        Ok(())
    }

    /// The read side: a plain connection for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Where the database lives (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// This installation's id (the `origin` of the rows it writes).
    pub fn installation(&self) -> &str {
        &self.installation
    }

    /// The operator name written to the change log.
    pub fn operator(&self) -> &str {
        &self.operator
    }

    /// The operator as the change log records it: the name, or `(未设置)` when none is set.
    pub fn log_operator(&self) -> String {
        if self.operator.is_empty() {
            UNSET_OPERATOR.to_string()
        } else {
            self.operator.clone()
        }
    }

    /// Runs `f` in one transaction with one new clock value; commits only when `f` succeeds,
    /// so a refused write leaves the database exactly as it was.
    ///
    /// The transaction takes the write lock at its start (`BEGIN IMMEDIATE`), so a write
    /// that meets another program's write waits its turn (up to the busy timeout) instead of
    /// failing when it first writes.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        if self.read_only {
            return Err(Error::ReadOnlyLedger);
        }
        let operator = self.log_operator();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let counter = |key: &str| -> Result<i64> {
            let v: Option<String> = tx
                .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
                .optional()?;
            Ok(v.and_then(|v| v.parse().ok()).unwrap_or(0))
        };
        let clock = counter("clock")? + 1;
        let seq = counter("log_seq")?;
        let now = chrono::Utc::now();
        let mut w = Writer {
            tx,
            clock,
            now: now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            now_ms: now.timestamp_millis(),
            origin: self.origin,
            operator,
            seq,
            log: audit::log::Log::default(),
            bulk: Vec::new(),
            bulk_cut: Vec::new(),
            late: Vec::new(),
            clock_floor: 0,
        };
        let out = f(&mut w)?;
        w.flush_bulk()?;
        if w.log.count() > 0 {
            let Writer {
                tx,
                log,
                now_ms,
                operator,
                origin,
                seq,
                clock_floor,
                ..
            } = w;
            let seq = log.seal(&tx, seq, (clock, now_ms, &operator, origin))?;
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('clock', ?1), ('log_seq', ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [clock.max(clock_floor).to_string(), seq.to_string()],
            )?;
            tx.commit()?;
        } else {
            if w.clock_floor > clock - 1 {
                w.tx.execute(
                    "INSERT INTO meta (key, value) VALUES ('clock', ?1)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [w.clock_floor.to_string()],
                )?;
            }
            w.tx.commit()?;
        }
        Ok(out)
    }
    /// Copies the whole database to `dest` with SQLite's online backup.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        backup(&self.conn, dest)
    }
}

/// One write transaction: the clock and time of the change, and who makes it.
pub struct Writer<'a> {
    tx: Transaction<'a>,
    clock: i64,
    now: String,
    now_ms: i64,
    origin: i64,
    operator: String,
    /// The last change-log sequence number used before this transaction.
    seq: i64,
    /// The change log of this transaction.
    log: audit::log::Log,
    /// Rows inserted in bulk, per table, not yet cut into blocks.
    bulk: Vec<BulkLog>,
    /// The last row id of the blocks cut so far, per table.
    bulk_cut: Vec<(&'static str, [u8; 16])>,
    /// Rows inserted in bulk after a block past their id was cut: each gets an entry of its
    /// own at the end of the write.
    late: Vec<(&'static str, [u8; 16])>,
    /// The Lamport clock seen in rows from elsewhere (sync): the ledger's clock ends no lower.
    clock_floor: i64,
}

/// One row of a bulk insert: its id and its [`audit::RowHash`].
pub type BulkRow = ([u8; 16], i64);

/// Rows of one table inserted in bulk: each row's id and [`audit::RowHash`], as the inserter
/// wrote them.
#[derive(Debug, Clone)]
pub struct BulkLog {
    /// The table.
    pub table: &'static str,
    /// The rows inserted.
    pub rows: Vec<BulkRow>,
}

impl Writer<'_> {
    /// The transaction, for statements.
    pub fn tx(&self) -> &Transaction<'_> {
        &self.tx
    }
    /// The Lamport clock value of this transaction's changes.
    pub fn clock(&self) -> i64 {
        self.clock
    }
    /// The UTC time of this transaction, RFC 3339 (as the change set records it).
    pub fn now(&self) -> &str {
        &self.now
    }
    /// The UTC time of this transaction in milliseconds since 1970 (as rows store it in
    /// `created_at` and `updated_at`).
    pub fn now_ms(&self) -> i64 {
        self.now_ms
    }
    /// This installation's number, written as the rows' `origin`.
    pub fn origin(&self) -> i64 {
        self.origin
    }
    /// Notes a Lamport clock value seen in a row from another installation: when the write
    /// ends the ledger's clock is at least `clock`, so later local edits come after it.
    pub fn observe_clock(&mut self, clock: i64) {
        self.clock_floor = self.clock_floor.max(clock);
    }
    /// The operator the change log records for this write.
    pub fn operator(&self) -> &str {
        &self.operator
    }

    /// Appends a change-log entry for the row `id` of `table`, reading its current state as
    /// "after"; `before` is the snapshot taken before the change (`None` for an insert). The
    /// entry keeps a new row's values, or the changed columns' values before and after.
    pub fn log(
        &mut self,
        table: &str,
        id: &[u8],
        before: Option<Image>,
        reason: Option<&str>,
    ) -> Result<()> {
        let after = audit::state(&self.tx, table, id)?;
        self.append(table, id, before, after, reason)
    }

    /// Like [`Writer::log`] for a row found by `cond` rather than by its id.
    pub fn log_where(
        &mut self,
        table: &str,
        id: &[u8],
        before: Option<Image>,
        reason: Option<&str>,
        cond: &str,
        params: impl rusqlite::Params,
    ) -> Result<()> {
        let after = audit::state_where(&self.tx, table, cond, params)?;
        self.append(table, id, before, after, reason)
    }

    /// Logs a row of a bulk insert (imports, generated data): its id and its
    /// [`audit::RowHash`] as written. At the end of the transaction the rows it inserted in
    /// bulk are logged, in id order, as one `bulk_insert` entry per block of at most 1,000
    /// rows (see the change_log table), which `zwl check` verifies against the rows.
    ///
    /// A block is cut as soon as 1,000 rows of a table are waiting, and its entry written
    /// at once (unless an entry of a row comes before it), so that a large import keeps
    /// neither every row's id and hash nor its blocks' entries. A row whose
    /// id falls below a block already cut (ids not in order) gets an entry of its own
    /// instead, so that the blocks never overlap.
    pub fn log_bulk_row(&mut self, table: &'static str, id: &[u8; 16], hash: i64) -> Result<()> {
        let row = (*id, hash);
        if self
            .bulk_cut
            .iter()
            .any(|(t, last)| *t == table && id <= last)
        {
            self.late.push((table, *id));
            return Ok(());
        }
        let i = match self.bulk.iter().position(|b| b.table == table) {
            Some(i) => i,
            None => {
                self.bulk.push(BulkLog {
                    table,
                    rows: Vec::with_capacity(audit::log::BLOCK_ROWS),
                });
                self.bulk.len() - 1
            }
        };
        let b = &mut self.bulk[i];
        b.rows.push(row);
        if b.rows.len() >= audit::log::BLOCK_ROWS {
            let rows = std::mem::replace(&mut b.rows, Vec::with_capacity(audit::log::BLOCK_ROWS));
            let last = rows.iter().map(|r| r.0).max().unwrap_or_default();
            self.log.bulk(table, rows);
            match self.bulk_cut.iter_mut().find(|c| c.0 == table) {
                Some(c) => c.1 = last,
                None => self.bulk_cut.push((table, last)),
            }
            self.log.write_ready(&self.tx, self.seq, self.clock)?;
        }
        Ok(())
    }

    /// Logs rows of a bulk insert toward the transaction's `bulk_insert` entries.
    pub fn log_bulk(&mut self, mut log: BulkLog) {
        if let Some((_, last)) = self.bulk_cut.iter().find(|c| c.0 == log.table) {
            let (table, last) = (log.table, *last);
            let late = &mut self.late;
            log.rows.retain(|r| {
                let keep = r.0 > last;
                if !keep {
                    late.push((table, r.0));
                }
                keep
            });
        }
        match self.bulk.iter_mut().find(|b| b.table == log.table) {
            Some(b) => b.rows.extend(log.rows),
            None => self.bulk.push(log),
        }
    }

    fn flush_bulk(&mut self) -> Result<()> {
        for b in std::mem::take(&mut self.bulk) {
            if !b.rows.is_empty() {
                self.log.bulk(b.table, b.rows);
            }
        }
        for (table, id) in std::mem::take(&mut self.late) {
            let after = audit::state(&self.tx, table, &id)?;
            self.append(table, &id, None, after, None)?;
        }
        Ok(())
    }

    fn append(
        &mut self,
        table: &str,
        id: &[u8],
        before: Option<Image>,
        after: Option<Image>,
        reason: Option<&str>,
    ) -> Result<()> {
        // A row this transaction inserted in bulk and now changes gets an entry of its own
        // (and leaves its block): the insert of the row as it ends.
        let this_tx = Some(&rusqlite::types::Value::Integer(self.clock));
        let before = before.filter(|b| {
            b.get("clock") != this_tx
                || self.log.has(table, id)
                || !self
                    .bulk
                    .iter()
                    .any(|l| l.table == table && l.rows.iter().any(|r| r.0[..] == *id))
        });
        self.log
            .row(table, id, before.as_ref(), after.as_ref(), reason);
        Ok(())
    }

    /// The current state of a row as the change log records it.
    pub fn snapshot(&self, table: &str, id: &[u8]) -> Result<Option<Image>> {
        audit::state(&self.tx, table, id)
    }

    /// Sets a setting (settings are not synced rows; the change log still records them).
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        let before = audit::state_where(&self.tx, "settings", "key = ?1", [key])?;
        if before
            .as_ref()
            .and_then(|b| b.json.get("value"))
            .and_then(|v| v.as_str())
            == Some(value)
        {
            return Ok(());
        }
        self.tx.execute(
            "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            (key, value, &self.now),
        )?;
        let after = audit::state_where(&self.tx, "settings", "key = ?1", [key])?;
        self.append("settings", key.as_bytes(), before, after, None)
    }

    /// Like [`Writer::log`], but the entry is written at once rather than kept until the
    /// commit (see [`audit::log::Log::row_now`]): for writes that change many rows, each
    /// once (the rows of a sync bundle).
    pub fn log_now(&mut self, table: &str, id: &[u8], before: Option<Image>) -> Result<()> {
        if self.log.has(table, id) {
            // Already logged in this write (and kept): one entry, as the row ends.
            return self.log(table, id, before, None);
        }
        let after = audit::state(&self.tx, table, id)?;
        self.log.row_now(
            &self.tx,
            self.seq,
            self.clock,
            table,
            id,
            before.as_ref(),
            after.as_ref(),
            None,
        )
    }

    /// Writes the entries kept so far at once (see [`audit::log::Log::settle`]): for a large
    /// write whose rows, once logged, are neither changed again nor inserted in bulk.
    pub fn settle_log(&mut self) -> Result<()> {
        self.log.settle(&self.tx, self.seq, self.clock)
    }

    /// Inserts the change-log entries [`Writer::log_now_values`] numbered but kept to be
    /// inserted a block at a time: before anything in the write reads the log.
    pub fn flush_log(&mut self) -> Result<()> {
        self.log.flush(&self.tx)
    }

    /// Like [`Writer::log_now`] for a row just written with `vals`, in the table's column
    /// order and named by `names`: its image after is built from the values written rather
    /// than read back (test builds read it back and compare).
    pub fn log_now_values(
        &mut self,
        table: &str,
        id: &[u8],
        before: Option<Image>,
        names: &[String],
        vals: &[rusqlite::types::Value],
    ) -> Result<()> {
        if self.log.has(table, id) {
            return self.log(table, id, before, None);
        }
        let hash = audit::images::hash_values(vals);
        #[cfg(debug_assertions)]
        {
            // The image from the values must be the stored row's.
            let stored = audit::state(&self.tx, table, id)?;
            let stored = stored.map(|s| (s.hash, s.cols));
            let mine: Vec<(String, rusqlite::types::Value)> =
                names.iter().cloned().zip(vals.iter().cloned()).collect();
            debug_assert_eq!(stored, Some((hash, mine)), "image of a row of {table}");
        }
        self.log.row_now_values(
            &self.tx,
            (self.seq, self.clock),
            (table, id),
            before.as_ref(),
            (names, vals, hash),
        )
    }

    /// Logs, as inserts, the covered rows that have no entry yet (what a new ledger's schema
    /// and seed put there by plain SQL: waste categories, district aliases, the installation).
    pub fn log_unlogged(&mut self) -> Result<()> {
        for (table, key, only) in audit::COVERED {
            let ids: Vec<Vec<u8>> = self
                .tx
                .prepare(&format!(
                    "SELECT {key} FROM {table} t WHERE ({only}) AND NOT EXISTS (
                         SELECT 1 FROM change_log c WHERE c.row_id = {key} AND c.tbl = '{table}')"
                ))?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in ids {
                let after = audit::state(&self.tx, table, &id)?;
                self.append(table, &id, None, after, None)?;
            }
        }
        Ok(())
    }
}
