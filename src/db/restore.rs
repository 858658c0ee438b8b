//! Restoring the ledger from a backup file. The backup is checked before anything is
//! replaced: it is copied under a temporary name beside the ledger, and the copy must pass
//! SQLite's `integrity_check`, be a ledger of this program's schema version or an older one
//! (which is upgraded on the copy), and its change log must pass the same check as
//! `zwl check`. Only then is the ledger replaced, atomically (`rename` over it, after an
//! `fsync`); the replaced file is kept beside it under a name with the time
//! (`NAME.before-restore-TIME.bak`). A refused backup leaves the ledger byte for byte as it was.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::open::{identify, remove_db_files, sync_dir, sync_file, temp_name, Identity};
use super::{backup_path, migrations, SCHEMA_VERSION};
use crate::error::{Error, Result, Rule};

/// What a restore did.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Restored {
    /// The ledger that was replaced.
    pub ledger: String,
    /// The backup restored.
    pub from: String,
    /// Where the replaced ledger is kept (`None` when there was no ledger to replace).
    pub kept: Option<String>,
    /// The backup's schema version (older ones were upgraded).
    pub from_version: i64,
}

/// Replaces the ledger at `db` with the backup `file`, after checking the backup. No
/// connection of this program may hold `db` open; another program's is refused with
/// `ledger_in_use`.
pub fn restore(db: &Path, file: &Path) -> Result<Restored> {
    let shown = file.display().to_string();
    let tmp = temp_name(db, "restoring");
    remove_db_files(&tmp);
    let from_version = match prepare(file, &tmp, &shown) {
        Ok(v) => v,
        Err(e) => {
            remove_db_files(&tmp);
            return Err(e);
        }
    };
    match replace(db, &tmp) {
        Ok(kept) => Ok(Restored {
            ledger: db.display().to_string(),
            from: shown,
            kept: kept.map(|k| k.display().to_string()),
            from_version,
        }),
        Err(e) => {
            remove_db_files(&tmp);
            Err(e)
        }
    }
}

fn refused(rule: Rule, path: &str, more: &[(&str, &str)]) -> Error {
    let mut args = vec![("path", path)];
    args.extend_from_slice(more);
    Error::field("file", rule, &args)
}

fn not_ledger(path: &str, zh: &str, en: &str) -> Error {
    refused(Rule::BackupNotLedger, path, &[("why_zh", zh), ("why", en)])
}

/// Looks at the file only: there, not empty, an SQLite file.
fn inspect(file: &Path, shown: &str) -> Result<()> {
    let meta = match std::fs::metadata(file) {
        Ok(m) if m.is_file() => m,
        Ok(_) => return Err(not_ledger(shown, "这是一个文件夹", "it is a folder")),
        Err(_) => return Err(refused(Rule::BackupMissing, shown, &[])),
    };
    if meta.len() == 0 {
        return Err(not_ledger(shown, "文件为空", "the file is empty"));
    }
    let mut head = [0u8; 16];
    let read = std::fs::File::open(file).and_then(|mut f| {
        use std::io::Read;
        f.read_exact(&mut head)
    });
    match read {
        Ok(()) if &head == b"SQLite format 3\0" => Ok(()),
        Ok(()) => Err(not_ledger(
            shown,
            "不是 SQLite 数据库文件",
            "it is not an SQLite database",
        )),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            Err(refused(Rule::BackupDamaged, shown, &[]))
        }
        Err(e) => Err(Error::Io(e)),
    }
}

/// Copies the backup to `tmp` and checks the copy; returns the backup's schema version.
fn prepare(file: &Path, tmp: &Path, shown: &str) -> Result<i64> {
    inspect(file, shown)?;
    let damaged = |_| refused(Rule::BackupDamaged, shown, &[]);
    let src = Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(damaged)?;
    let mut out = Connection::open(tmp)?;
    {
        let b = rusqlite::backup::Backup::new(&src, &mut out)?;
        b.run_to_completion(256, std::time::Duration::from_millis(0), None)
            .map_err(damaged)?;
    }
    drop(src);
    out.pragma_update(None, "journal_mode", "DELETE")
        .map_err(damaged)?;
    let integrity: String = out
        .query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))
        .map_err(damaged)?;
    if integrity != "ok" {
        return Err(refused(Rule::BackupDamaged, shown, &[]));
    }
    let version = match identify(&out).map_err(damaged)? {
        Identity::Ledger(v) => v,
        Identity::Newer(found) => {
            return Err(refused(
                Rule::BackupNewer,
                shown,
                &[
                    ("found", &found.to_string()),
                    ("supported", &SCHEMA_VERSION.to_string()),
                ],
            ))
        }
        Identity::Foreign(_) => {
            return Err(not_ledger(
                shown,
                "没有台账标识或版本",
                "it has no ledger identity or version",
            ))
        }
    };
    if version < SCHEMA_VERSION {
        migrations::upgrade(&mut out, None, migrations::STEPS)?;
    }
    let rep = crate::audit::check(&out)?;
    if !rep.ok() {
        let problems = (rep.log_problem_count + rep.integrity.len() as u64).max(1);
        return Err(refused(
            Rule::BackupChainBroken,
            shown,
            &[("problems", &problems.to_string())],
        ));
    }
    out.close().map_err(|(_, e)| Error::from(e))?;
    sync_file(tmp)?;
    Ok(version)
}

fn with_suffix(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Puts the checked copy `tmp` in the place of `db`, keeping the old file under a name of
/// its own; returns that name.
fn replace(db: &Path, tmp: &Path) -> Result<Option<PathBuf>> {
    let in_use = || {
        Error::field(
            "file",
            Rule::LedgerInUse,
            &[("path", &db.display().to_string())],
        )
    };
    let mut kept = None;
    if db.exists() {
        // Fold the WAL into the file; a WAL that stays means another program has it open.
        {
            let c = Connection::open_with_flags(
                db,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            let busy: i64 = c
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
                .map_err(|_| in_use())?;
            if busy != 0 {
                return Err(in_use());
            }
            c.close().map_err(|(_, e)| Error::from(e))?;
        }
        if with_suffix(db, "-wal").exists() {
            return Err(in_use());
        }
        let keep = backup_path(db, "before-restore");
        // A second name for the old file: the ledger's own name is never missing.
        if std::fs::hard_link(db, &keep).is_err() {
            std::fs::copy(db, &keep)?;
            sync_file(&keep)?;
        }
        kept = Some(keep);
    }
    let _ = std::fs::remove_file(with_suffix(db, "-shm"));
    if let Err(e) = std::fs::rename(tmp, db) {
        if let Some(k) = &kept {
            let _ = std::fs::remove_file(k);
        }
        return Err(Error::Io(e));
    }
    sync_dir(db);
    Ok(kept)
}
