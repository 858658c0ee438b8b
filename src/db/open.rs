//! Opening and creating a ledger file.
//!
//! Creating is explicit ([`Ledger::create`]): every other door opens an existing ledger
//! ([`Ledger::open_existing`]) and refuses a missing folder, a missing or empty file, another
//! application's SQLite file and a ledger of a newer version — before anything is written to
//! it, so a refused file is left byte for byte as it was. A new ledger is built whole under a
//! temporary name (schema, identity and the seeded profile) and renamed into place only when
//! complete, so a crash or a power cut during creation leaves either no ledger or a whole one.
//!
//! What a new ledger starts with (the city profile) is domain data, so it is not known here:
//! the code above `db` passes it in as a [`Seed`] (see `crate::setup`, which defines
//! `Ledger::create`, `Ledger::open` and `Ledger::open_in_memory` with the city's seed).

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::{migrations, Ledger, Writer, SCHEMA_SQL, SCHEMA_VERSION};
use crate::error::{Error, Result};
use crate::ids::now_rfc3339;

/// How long a write waits for another program's write to finish before it gives up (the
/// window's default; the CLI waits longer, see [`Ledger::set_busy_timeout`]).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The first 16 bytes of every SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// What a new ledger starts with, written in its first transaction (after which every row the
/// schema and the identity put there by plain SQL is logged too).
pub type Seed = fn(&mut Writer<'_>) -> Result<()>;

impl Ledger {
    /// Opens an existing ledger for reading and writing, upgrading it when it is older. A
    /// missing folder or file, an empty file, a file that is not a ledger, a read-only file and
    /// a ledger of a newer version are refused, and the file is left untouched.
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Ledger> {
        Self::open_file(path.as_ref(), false)
    }

    /// Opens an existing ledger for reading only: nothing is upgraded or written, and every
    /// write is refused with `read_only`.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Ledger> {
        Self::open_file(path.as_ref(), true)
    }

    /// A new ledger in memory, started with `seed`.
    pub fn in_memory_seeded(seed: Seed) -> Result<Ledger> {
        let conn = Connection::open_in_memory()?;
        configure(&conn, false)?;
        let mut ledger = Ledger::bare(conn, None, false);
        build(&mut ledger, seed)?;
        Ok(ledger)
    }

    /// Creates a new ledger at `path` (the folder must exist), started with `seed`, and opens
    /// it. Refused when a file is already there.
    pub fn create_seeded(path: &Path, seed: Seed) -> Result<Ledger> {
        check_folder(path)?;
        if path.exists() {
            return Err(Error::LedgerExists {
                path: path.display().to_string(),
            });
        }
        let tmp = temp_name(path, "creating");
        let _ = std::fs::remove_file(&tmp);
        let built = (|| -> Result<()> {
            let conn = Connection::open_with_flags(
                &tmp,
                OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            configure(&conn, true)?;
            let mut ledger = Ledger::bare(conn, Some(tmp.clone()), false);
            build(&mut ledger, seed)?;
            // Closing the last connection checkpoints the WAL into the file and removes it.
            ledger.conn.close().map_err(|(_, e)| Error::from(e))?;
            sync_file(&tmp)
        })();
        if let Err(e) = built {
            remove_db_files(&tmp);
            return Err(e);
        }
        // A name that appeared meanwhile is not overwritten (hard link, then unlink).
        if let Err(e) = std::fs::hard_link(&tmp, path) {
            remove_db_files(&tmp);
            return Err(if path.exists() {
                Error::LedgerExists {
                    path: path.display().to_string(),
                }
            } else {
                Error::Io(e)
            });
        }
        let _ = std::fs::remove_file(&tmp);
        sync_dir(path);
        Self::open_existing(path)
    }

    /// How long a write waits for another program's write before it is refused with `busy`.
    pub fn set_busy_timeout(&self, wait: Duration) -> Result<()> {
        self.conn.busy_timeout(wait)?;
        Ok(())
    }

    /// Whether the ledger was opened for reading only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    fn bare(conn: Connection, path: Option<PathBuf>, read_only: bool) -> Ledger {
        Ledger {
            conn,
            path,
            installation: String::new(),
            origin: 0,
            operator: String::new(),
            read_only,
        }
    }

    fn open_file(path: &Path, read_only: bool) -> Result<Ledger> {
        inspect_file(path)?;
        let mut flags = OpenFlags::SQLITE_OPEN_NO_MUTEX;
        flags |= if read_only {
            OpenFlags::SQLITE_OPEN_READ_ONLY
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
        };
        let conn = Connection::open_with_flags(path, flags).map_err(|e| opening(e, path))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        if !read_only && conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(Error::ReadOnlyFile {
                path: path.display().to_string(),
            });
        }
        // Everything up to here only reads: a refused file is not changed.
        let version = identify(&conn).map_err(|e| opening(e, path))?;
        let version = match version {
            Identity::Ledger(v) => v,
            Identity::Newer(found) => {
                return Err(Error::SchemaTooNew {
                    found,
                    supported: SCHEMA_VERSION,
                })
            }
            Identity::Foreign(why) => return Err(Error::NotALedger(why.into())),
        };
        if read_only {
            if version < SCHEMA_VERSION {
                return Err(Error::NeedsUpgrade {
                    found: version,
                    supported: SCHEMA_VERSION,
                });
            }
            conn.pragma_update(None, "foreign_keys", "ON")?;
            conn.pragma_update(None, "query_only", "ON")?;
        } else {
            configure(&conn, true).map_err(|e| opening(e, path))?;
        }
        let mut ledger = Ledger::bare(conn, Some(path.to_path_buf()), read_only);
        if version < SCHEMA_VERSION {
            migrations::upgrade(&mut ledger.conn, Some(path), migrations::STEPS)?;
        }
        ledger.load_identity()?;
        Ok(ledger)
    }
}

/// Builds a new ledger in an empty database: the schema, the identity and what `seed` writes.
fn build(ledger: &mut Ledger, seed: Seed) -> Result<()> {
    let tx = ledger
        .conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute_batch(SCHEMA_SQL)?;
    let installation = crate::ids::new_uuid().to_string();
    let now = now_rfc3339();
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('installation_id', ?1), ('clock', '0'),
            ('log_seq', '0'), ('created_at', ?2)",
        (&installation, &now),
    )?;
    tx.execute(
        "INSERT INTO installations (n, id, first_seen) VALUES (1, ?1, ?2)",
        (&installation, &now),
    )?;
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    ledger.load_identity()?;
    ledger.operator = "system".into();
    ledger.write(|w| {
        seed(w)?;
        // What the schema and the identity put there by plain SQL is logged too.
        w.log_unlogged()
    })?;
    ledger.load_identity()
}

/// What a file holds, read without writing to it.
pub(super) enum Identity {
    /// A ledger of this schema version (at most [`SCHEMA_VERSION`]).
    Ledger(i64),
    /// A ledger of a newer version.
    Newer(i64),
    /// Something else, and why it is not a ledger.
    Foreign(&'static str),
}

pub(super) fn identify(conn: &Connection) -> rusqlite::Result<Identity> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let has_identity: bool = conn
        .query_row(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'",
            [],
            |_| Ok(()),
        )
        .optional()?
        .is_some()
        // Another program's `meta` may have other columns: then it is not a ledger.
        && conn
            .query_row(
                "SELECT 1 FROM meta WHERE key = 'installation_id'",
                [],
                |_| Ok(()),
            )
            .optional()
            .is_ok_and(|found| found.is_some());
    Ok(match (version, has_identity) {
        (0, _) => Identity::Foreign("the file holds no ledger version"),
        (_, false) => Identity::Foreign("the file has no ledger identity"),
        (v, true) if v > SCHEMA_VERSION => Identity::Newer(v),
        (v, true) => Identity::Ledger(v),
    })
}

/// Refuses a missing folder or file, an empty file, a folder and a file that is not SQLite,
/// by looking at the file only.
fn inspect_file(path: &Path) -> Result<()> {
    check_folder(path)?;
    let shown = || path.display().to_string();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::NoLedger { path: shown() })
        }
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err(Error::CannotOpen { path: shown() })
        }
        Err(e) => return Err(Error::Io(e)),
    };
    if meta.is_dir() {
        return Err(Error::NotALedger("the path is a folder".into()));
    }
    if meta.len() == 0 {
        return Err(Error::EmptyFile { path: shown() });
    }
    let mut head = [0u8; 16];
    let read = std::fs::File::open(path).and_then(|mut f| {
        use std::io::Read;
        f.read_exact(&mut head)
    });
    match read {
        Ok(()) if &head == SQLITE_HEADER => Ok(()),
        Ok(()) => Err(Error::NotALedger(
            "the file is not an SQLite database".into(),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            Err(Error::NotALedger("the file is too short".into()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            Err(Error::CannotOpen { path: shown() })
        }
        Err(e) => Err(Error::Io(e)),
    }
}

/// Refuses a path whose folder is not there (an unmounted share, a mistyped `--db`).
fn check_folder(path: &Path) -> Result<()> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => Err(Error::NoFolder {
            path: dir.display().to_string(),
        }),
        _ => Ok(()),
    }
}

/// An SQLite failure while opening, as a clerk should read it.
fn opening(e: rusqlite::Error, path: &Path) -> Error {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::NotADatabase) => Error::NotALedger("the file is not an SQLite database".into()),
        Some(C::CannotOpen) | Some(C::PermissionDenied) => Error::CannotOpen {
            path: path.display().to_string(),
        },
        Some(C::ReadOnly) => Error::ReadOnlyFile {
            path: path.display().to_string(),
        },
        _ => Error::Db(e),
    }
}

/// The pragmas of every connection. Durability: WAL with `synchronous = FULL`, so that a
/// committed write is on the disk (the WAL is synced at every commit) and survives a power
/// cut, not only a crash of the program (see docs/durability.md for what it costs).
pub(super) fn configure(conn: &Connection, on_disk: bool) -> rusqlite::Result<()> {
    if on_disk {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
    }
    // 64 MiB of page cache, so that large writes (imports, generated data) do not spill
    // dirty pages to the WAL before they commit.
    conn.pragma_update(None, "cache_size", -65536)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "trusted_schema", "OFF")?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // An import row runs a few dozen distinct statements (checks, insert, log); rusqlite's
    // default cache of 16 made them be parsed again for every row.
    conn.set_prepared_statement_cache_capacity(256);
    Ok(())
}

/// A name beside `path` for a file being written before it is renamed into place.
pub(super) fn temp_name(path: &Path, what: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ledger.db".into());
    path.with_file_name(format!(".{name}.{what}-{}.tmp", std::process::id()))
}

/// Removes a database file and its WAL and shared-memory files.
pub(super) fn remove_db_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Flushes a file to the disk.
pub(super) fn sync_file(path: &Path) -> Result<()> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)?
        .sync_all()?;
    Ok(())
}

/// Flushes a folder's entries (a rename or a new name) to the disk, where the system can.
pub(super) fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

/// What a ledger cannot work without, as `zwl check` reports it: its identity and the seeded
/// reference data (districts, kinds of cell, waste categories). Empty when all is there.
pub fn foundation_problems(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut out = Vec::new();
    let count = |sql: &str| -> rusqlite::Result<i64> { conn.query_row(sql, [], |r| r.get(0)) };
    if count("SELECT count(*) FROM meta WHERE key = 'installation_id'")? == 0 {
        out.push("the ledger has no installation id".to_string());
    }
    for (table, what) in [
        ("districts", "districts"),
        ("cell_kinds", "kinds of cell"),
        ("waste_categories", "waste categories"),
    ] {
        if count(&format!("SELECT count(*) FROM {table}"))? == 0 {
            out.push(format!(
                "the ledger has no {what}: its creation did not finish"
            ));
        }
    }
    Ok(out)
}
