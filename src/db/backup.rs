//! Backups of the whole ledger, taken before an upgrade or on request. A backup is written
//! under a temporary name, checked (`integrity_check` and the schema version of the source),
//! flushed to the disk and only then renamed to its final name, so a file named like a backup
//! is always a whole one: a crash or a full disk leaves at most a stray temporary file.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::open::{remove_db_files, sync_dir, sync_file, temp_name};
use crate::error::{Error, Result};

/// Copies the database behind `conn` to `dest` with SQLite's online backup API, checks the
/// copy and renames it into place.
pub fn backup(conn: &Connection, dest: &Path) -> Result<()> {
    let tmp = temp_name(dest, "writing");
    remove_db_files(&tmp);
    let out = copy_and_check(conn, &tmp);
    if out.is_err() {
        remove_db_files(&tmp);
        return out;
    }
    if let Err(e) = std::fs::rename(&tmp, dest) {
        remove_db_files(&tmp);
        return Err(Error::Io(e));
    }
    sync_dir(dest);
    Ok(())
}

fn copy_and_check(conn: &Connection, tmp: &Path) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let mut out = Connection::open(tmp)?;
    {
        let b = rusqlite::backup::Backup::new(conn, &mut out)?;
        b.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
    }
    // The copy is one self-contained file: no WAL beside it.
    out.pragma_update(None, "journal_mode", "DELETE")?;
    let integrity: String = out.query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))?;
    let copied: i64 = out.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    out.close().map_err(|(_, e)| Error::from(e))?;
    if integrity != "ok" || copied != version {
        return Err(Error::BackupFailed {
            path: tmp.display().to_string(),
        });
    }
    sync_file(tmp)
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
