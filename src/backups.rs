//! Backups a clerk sees: taken on request (`zwl backup`), automatically on a schedule, and
//! before an upgrade, an import or a restore. Every backup of a ledger is a file named
//! `NAME.WHAT-TIME.bak` (NAME the ledger's file name, TIME in UTC), in the backup folder
//! (setting `backup.dir`, default a `backups/` folder beside the ledger) or, for the backups
//! taken before an upgrade, an import or a restore, beside the ledger itself.
//!
//! Automatic backups are taken when the window or a command opens the ledger and the newest
//! automatic one is older than the period (`backup.every`: daily by default); the check reads
//! only the folder's names. Rotation keeps the newest `backup.keep` (14) automatic backups
//! and never deletes another kind.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::error::{Error, Result, Rule};
use crate::Ledger;

/// How a backup came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    /// Taken on the schedule (rotated).
    Automatic,
    /// Taken on request.
    Manual,
    /// Taken before a bundle was imported.
    BeforeImport,
    /// Taken before the ledger was upgraded to a new schema version.
    BeforeUpgrade,
    /// The ledger as it was before a restore replaced it.
    BeforeRestore,
}

impl BackupKind {
    /// The `WHAT` of its file name, or `None` for a name this module does not know.
    fn of_what(what: &str) -> Option<BackupKind> {
        Some(match what {
            "auto" => BackupKind::Automatic,
            "manual" => BackupKind::Manual,
            "before-restore" => BackupKind::BeforeRestore,
            w if w.starts_with("upgrade") => BackupKind::BeforeUpgrade,
            w if w.contains("import") => BackupKind::BeforeImport,
            _ => return None,
        })
    }
}

/// One backup file.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupFile {
    /// The whole path.
    pub path: String,
    /// The file name.
    pub name: String,
    /// How it came to be.
    pub kind: BackupKind,
    /// When it was taken (UTC, RFC 3339).
    pub taken_at: String,
    /// Its size in bytes.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
}

/// The backup folder of the ledger at `db`: the setting `backup.dir` (relative to the
/// ledger's folder when not absolute), else `backups/` beside the ledger.
pub fn folder_of(conn: &Connection, db: &Path) -> Result<PathBuf> {
    let beside = db.parent().unwrap_or(Path::new(".")).to_path_buf();
    let set = crate::profile::setting_or_default(conn, "backup.dir")?;
    let set = set.trim();
    Ok(if set.is_empty() {
        beside.join("backups")
    } else {
        beside.join(set)
    })
}

fn ledger_path(l: &Ledger) -> Result<&Path> {
    l.path()
        .ok_or_else(|| Error::NotALedger("the ledger is in memory: it has no file".into()))
}

fn file_name(db: &Path) -> String {
    db.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ledger.db".into())
}

/// Reads `NAME.WHAT-TIME.bak` into its kind and time.
fn parse(ledger_name: &str, file: &str) -> Option<(BackupKind, DateTime<Utc>)> {
    let rest = file.strip_prefix(ledger_name)?.strip_prefix('.')?;
    let rest = rest.strip_suffix(".bak")?;
    let (what, stamp) = rest.rsplit_once('-')?;
    let at = NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%S%3fZ").ok()?;
    Some((BackupKind::of_what(what)?, at.and_utc()))
}

/// Every backup of the ledger at `db` in `folder` and beside the ledger, newest first.
pub fn list_at(db: &Path, folder: &Path) -> Vec<BackupFile> {
    let name = file_name(db);
    let beside = db.parent().unwrap_or(Path::new(".")).to_path_buf();
    let mut out: Vec<(DateTime<Utc>, BackupFile)> = Vec::new();
    let mut dirs = vec![folder.to_path_buf()];
    if std::fs::canonicalize(&beside).ok() != std::fs::canonicalize(folder).ok() {
        dirs.push(beside);
    }
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let f = e.file_name().to_string_lossy().into_owned();
            let Some((kind, at)) = parse(&name, &f) else {
                continue;
            };
            let size = e.metadata().map(|m| m.len()).unwrap_or(0);
            out.push((
                at,
                BackupFile {
                    path: e.path().display().to_string(),
                    name: f,
                    kind,
                    taken_at: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    size,
                },
            ));
        }
    }
    out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.name.cmp(&a.1.name)));
    out.into_iter().map(|(_, b)| b).collect()
}

/// Every backup of the open ledger, newest first.
pub fn list(l: &Ledger) -> Result<Vec<BackupFile>> {
    let db = ledger_path(l)?;
    Ok(list_at(db, &folder_of(l.conn(), db)?))
}

fn stamped(folder: &Path, db: &Path, what: &str) -> PathBuf {
    let stamp = Utc::now().format("%Y%m%dT%H%M%S%3fZ");
    folder.join(format!("{}.{what}-{stamp}.bak", file_name(db)))
}

fn described(path: &Path, kind: BackupKind) -> BackupFile {
    BackupFile {
        path: path.display().to_string(),
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        kind,
        taken_at: Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        size: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
    }
}

/// Takes a manual backup into the backup folder now.
pub fn take_now(l: &Ledger) -> Result<BackupFile> {
    let db = ledger_path(l)?;
    let folder = folder_of(l.conn(), db)?;
    std::fs::create_dir_all(&folder)?;
    let dest = stamped(&folder, db, "manual");
    l.backup_to(&dest)?;
    Ok(described(&dest, BackupKind::Manual))
}

/// Takes a manual backup to `dest` (a new file; an existing one is not written over).
pub fn take_to(l: &Ledger, dest: &Path) -> Result<BackupFile> {
    if dest.exists() {
        return Err(Error::LedgerExists {
            path: dest.display().to_string(),
        });
    }
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.is_dir() {
            return Err(Error::NoFolder {
                path: dir.display().to_string(),
            });
        }
    }
    l.backup_to(dest)?;
    Ok(described(dest, BackupKind::Manual))
}

/// The period of automatic backups, or `None` when they are off.
fn period(every: &str) -> Option<chrono::Duration> {
    match every {
        "daily" => Some(chrono::Duration::days(1)),
        "weekly" => Some(chrono::Duration::days(7)),
        "monthly" => Some(chrono::Duration::days(30)),
        _ => None,
    }
}

/// Checks a value of a `backup.*` setting.
pub fn check_setting(key: &str, value: &str) -> Result<()> {
    match key {
        "backup.every" if !matches!(value, "off" | "daily" | "weekly" | "monthly") => {
            Err(Error::field(key, Rule::BackupEvery, &[("value", value)]))
        }
        "backup.keep" => match value.parse::<u32>() {
            Ok(1..=1000) => Ok(()),
            _ => Err(Error::field(
                key,
                Rule::SettingRange,
                &[
                    ("setting", "自动备份保留份数"),
                    ("setting_en", "Automatic backups kept"),
                    ("value", value),
                    ("range", "1 至 1000 的整数"),
                    ("range_en", "a whole number from 1 to 1000"),
                ],
            )),
        },
        "backup.dir" => {
            let mut errs = Vec::new();
            crate::text::clean(&mut errs, None, key, value, 500, false);
            if errs.is_empty() {
                Ok(())
            } else {
                Err(Error::Invalid(errs))
            }
        }
        _ => Ok(()),
    }
}

/// What the last automatic backup check of this program found.
#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AutoOutcome {
    /// The backup taken, if one was due.
    pub taken: Option<BackupFile>,
    /// Automatic backups removed by rotation.
    pub removed: Vec<String>,
    /// Why it failed (Chinese), if it did.
    pub error_zh: Option<String>,
    /// Why it failed (English), if it did.
    pub error_en: Option<String>,
}

static LAST: Mutex<Option<AutoOutcome>> = Mutex::new(None);

/// The outcome of the last automatic backup check, if one ran.
pub fn last_auto() -> Option<AutoOutcome> {
    LAST.lock().unwrap_or_else(|p| p.into_inner()).clone()
}

/// Takes an automatic backup of the ledger at `db` when the newest one is older than the
/// period, then rotates; at `now`. Reads the settings through a connection of its own, so it
/// can run beside the window's. Never fails: a failure is in the outcome.
pub fn auto_at(db: &Path, now: DateTime<Utc>) -> AutoOutcome {
    let out = match auto_inner(db, now) {
        Ok(o) => o,
        Err(e) => AutoOutcome {
            error_zh: Some(e.message_zh()),
            error_en: Some(e.message_en()),
            ..AutoOutcome::default()
        },
    };
    *LAST.lock().unwrap_or_else(|p| p.into_inner()) = Some(out.clone());
    out
}

fn auto_inner(db: &Path, now: DateTime<Utc>) -> Result<AutoOutcome> {
    // Read and write, though it only reads: the last connection to close folds the WAL in
    // and removes it, which a read-only one cannot.
    let conn = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(crate::db::BUSY_TIMEOUT)?;
    conn.pragma_update(None, "query_only", "ON")?;
    let every = crate::profile::setting_or_default(&conn, "backup.every")?;
    let Some(period) = period(&every) else {
        return Ok(AutoOutcome::default());
    };
    let keep: usize = crate::profile::setting_or_default(&conn, "backup.keep")?
        .parse()
        .unwrap_or(14);
    let folder = folder_of(&conn, db)?;
    let name = file_name(db);
    let newest = list_at(db, &folder)
        .into_iter()
        .filter(|b| b.kind == BackupKind::Automatic)
        .filter_map(|b| parse(&name, &b.name).map(|p| p.1))
        .max();
    let mut out = AutoOutcome::default();
    if newest.is_some_and(|t| now - t < period && t <= now) {
        return Ok(out);
    }
    std::fs::create_dir_all(&folder)?;
    let dest = stamped(&folder, db, "auto");
    crate::db::backup(&conn, &dest)?;
    drop(conn);
    out.taken = Some(described(&dest, BackupKind::Automatic));
    out.removed = rotate(db, &folder, keep);
    Ok(out)
}

/// Removes all but the newest `keep` automatic backups in `folder`; returns the names removed.
pub fn rotate(db: &Path, folder: &Path, keep: usize) -> Vec<String> {
    let folder_c = std::fs::canonicalize(folder).ok();
    let autos: Vec<BackupFile> = list_at(db, folder)
        .into_iter()
        .filter(|b| b.kind == BackupKind::Automatic)
        .filter(|b| {
            Path::new(&b.path)
                .parent()
                .and_then(|p| std::fs::canonicalize(p).ok())
                == folder_c
        })
        .collect();
    let mut removed = Vec::new();
    for b in autos.into_iter().skip(keep.max(1)) {
        if std::fs::remove_file(&b.path).is_ok() {
            removed.push(b.name);
        }
    }
    removed
}

#[cfg(test)]
mod tests;
