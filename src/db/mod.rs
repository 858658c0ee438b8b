//! Opening the ledger database: pragmas, creation from `schema.sql`, versioned upgrades
//! with a backup first, and the write transaction every change goes through.

pub mod migrations;
mod seed;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction};

use crate::audit;
use crate::error::{Error, Result};
use crate::ids::now_rfc3339;

/// The whole current schema.
pub const SCHEMA_SQL: &str = include_str!("../../schema.sql");

/// The schema version `schema.sql` describes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = migrations::LATEST;

/// An open ledger: one SQLite connection plus who is writing.
pub struct Ledger {
    conn: Connection,
    path: Option<PathBuf>,
    installation: String,
    operator: String,
}

impl Ledger {
    /// Opens (creating when empty, upgrading when older) the ledger at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Ledger> {
        let path = path.as_ref();
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)?;
            }
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        Self::setup(conn, Some(path.to_path_buf()))
    }

    /// A ledger in memory, for tests.
    pub fn open_in_memory() -> Result<Ledger> {
        Self::setup(Connection::open_in_memory()?, None)
    }

    fn setup(conn: Connection, path: Option<PathBuf>) -> Result<Ledger> {
        configure(&conn, path.is_some()).map_err(not_a_ledger)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(not_a_ledger)?;
        if version > SCHEMA_VERSION {
            return Err(Error::SchemaTooNew {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        let mut ledger = Ledger {
            conn,
            path,
            installation: String::new(),
            operator: String::new(),
        };
        if version == 0 {
            let tables: i64 = ledger.conn.query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
                [],
                |r| r.get(0),
            )?;
            if tables > 0 {
                return Err(Error::NotALedger(
                    "the file holds tables but no ledger version".into(),
                ));
            }
            ledger.create()?;
        } else if version < SCHEMA_VERSION {
            migrations::upgrade(&mut ledger.conn, ledger.path.as_deref(), migrations::STEPS)?;
        }
        ledger.load_identity()?;
        Ok(ledger)
    }

    fn create(&mut self) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute_batch(SCHEMA_SQL)?;
        let installation = crate::ids::new_uuid().to_string();
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('installation_id', ?1), ('clock', '0'),
                ('log_seq', '0'), ('created_at', ?2)",
            (&installation, now_rfc3339()),
        )?;
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.commit()?;
        self.load_identity()?;
        self.operator = "system".into();
        self.write(seed::seed)?;
        self.load_identity()
    }

    fn load_identity(&mut self) -> Result<()> {
        self.installation = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'installation_id'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::NotALedger("no installation id".into()))?;
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

    /// Runs `f` in one transaction with one new clock value; commits only when `f` succeeds,
    /// so a refused write leaves the database exactly as it was.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction()?;
        let counter = |key: &str| -> Result<i64> {
            let v: Option<String> = tx
                .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
                .optional()?;
            Ok(v.and_then(|v| v.parse().ok()).unwrap_or(0))
        };
        let clock = counter("clock")? + 1;
        let seq = counter("log_seq")?;
        let operator = if self.operator.is_empty() {
            "(未设置)".to_string()
        } else {
            self.operator.clone()
        };
        let mut w = Writer {
            tx,
            clock,
            now: now_rfc3339(),
            installation: self.installation.clone(),
            operator,
            seq,
            changes: 0,
        };
        let out = f(&mut w)?;
        if w.changes > 0 {
            w.tx.execute(
                "INSERT INTO meta (key, value) VALUES ('clock', ?1), ('log_seq', ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [clock.to_string(), w.seq.to_string()],
            )?;
        }
        w.tx.commit()?;
        Ok(out)
    }

    /// Validates and stores a setting; a new operator name applies to the next write.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.write(|w| crate::profile::set_setting(w, key, value))?;
        self.load_identity()
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
    installation: String,
    operator: String,
    /// The last change-log sequence number used.
    seq: i64,
    changes: usize,
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
    /// The UTC time of this transaction.
    pub fn now(&self) -> &str {
        &self.now
    }
    /// The installation id written as the rows' `origin`.
    pub fn installation(&self) -> &str {
        &self.installation
    }

    /// Appends a change-log entry for the row `id` of `table`, reading its current state as
    /// "after"; `before` is the snapshot taken before the change (`None` for an insert).
    pub fn log(
        &mut self,
        table: &str,
        id: &[u8],
        before: Option<serde_json::Value>,
        reason: Option<&str>,
    ) -> Result<()> {
        let (after, hash) = match audit::state(&self.tx, table, id)? {
            Some((v, h)) => (Some(v), Some(h)),
            None => (None, None),
        };
        self.append(table, id, before, after, hash, reason)
    }

    /// Like [`Writer::log`] for a row found by `cond` rather than by its id.
    pub fn log_where(
        &mut self,
        table: &str,
        id: &[u8],
        before: Option<serde_json::Value>,
        reason: Option<&str>,
        cond: &str,
        params: impl rusqlite::Params,
    ) -> Result<()> {
        let (after, hash) = match audit::state_where(&self.tx, table, cond, params)? {
            Some((v, h)) => (Some(v), Some(h)),
            None => (None, None),
        };
        self.append(table, id, before, after, hash, reason)
    }

    /// Appends the change-log entry of a bulk insert: only the row's hash is kept (see the
    /// change_log table); `zwl check` verifies it against the stored row.
    pub fn log_insert_hashed(&mut self, table: &str, id: &[u8], hash: i64) -> Result<()> {
        self.append(table, id, None, None, Some(hash), None)
    }

    fn append(
        &mut self,
        table: &str,
        id: &[u8],
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
        after_hash: Option<i64>,
        reason: Option<&str>,
    ) -> Result<()> {
        let action = match (&before, &after) {
            (None, _) => "insert",
            (Some(_), Some(a)) if a.get("deleted") == Some(&serde_json::json!(1)) => "delete",
            _ => "update",
        };
        if self.changes == 0 {
            self.tx.execute(
                "INSERT INTO change_sets (id, at, operator, installation) VALUES (?1, ?2, ?3, ?4)",
                (self.clock, &self.now, &self.operator, &self.installation),
            )?;
        }
        self.seq += 1;
        audit::append(
            &self.tx,
            &audit::Entry {
                change_set: self.clock,
                seq: self.seq,
                table,
                row_id: id,
                action,
                before: before.as_ref(),
                after: after.as_ref(),
                after_hash,
                reason,
            },
        )?;
        self.changes += 1;
        Ok(())
    }

    /// The current state of a row as the change log records it.
    pub fn snapshot(&self, table: &str, id: &[u8]) -> Result<Option<serde_json::Value>> {
        audit::snapshot(&self.tx, table, id)
    }

    /// Sets a setting (settings are not synced rows; the change log still records them).
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        let before: Option<String> = self
            .tx
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?;
        if before.as_deref() == Some(value) {
            return Ok(());
        }
        self.tx.execute(
            "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            (key, value, &self.now),
        )?;
        let before = before.map(|b| serde_json::json!({ "key": key, "value": b }));
        let after = serde_json::json!({ "key": key, "value": value });
        self.append("settings", key.as_bytes(), before, Some(after), None, None)
    }
}

fn configure(conn: &Connection, on_disk: bool) -> rusqlite::Result<()> {
    if on_disk {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
    }
    // 64 MiB of page cache, so that large writes (imports, generated data) do not spill
    // dirty pages to the WAL before they commit.
    conn.pragma_update(None, "cache_size", -65536)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "trusted_schema", "OFF")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

fn not_a_ledger(e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => Error::NotALedger(e.to_string()),
        _ => Error::Db(e),
    }
}

/// Copies the database behind `conn` to `dest` with SQLite's online backup API.
pub fn backup(conn: &Connection, dest: &Path) -> Result<()> {
    let mut out = Connection::open(dest)?;
    let b = rusqlite::backup::Backup::new(conn, &mut out)?;
    b.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
    Ok(())
}

/// The path of the backup taken beside `db` before an operation (`upgrade-v1`, `import` …).
pub fn backup_path(db: &Path, what: &str) -> PathBuf {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%3fZ");
    let name = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ledger.db".into());
    db.with_file_name(format!("{name}.{what}-{stamp}.bak"))
}
