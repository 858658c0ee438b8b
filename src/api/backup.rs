//! The window's calls of backups, restore and the ledger's identity.

use serde::Serialize;

use super::{lock, ApiResult, Shared};
use crate::backups::{self, AutoOutcome, BackupFile};
use crate::error::Error;
use crate::identity::{self, LedgerHome, NewIdentity};
use crate::Ledger;

/// What the settings page shows of backups.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupsView {
    /// The backup folder.
    pub folder: String,
    /// Every backup, newest first.
    pub backups: Vec<BackupFile>,
    /// The last automatic backup check of this program (a failure is shown).
    pub last_auto: Option<AutoOutcome>,
}

fn no_file() -> Error {
    Error::NotALedger("the ledger is in memory: it has no file".into())
}

/// The backups of the open ledger.
pub fn backups_view(s: &Shared) -> ApiResult<BackupsView> {
    let l = lock(s);
    let db = l.path().ok_or_else(no_file)?;
    Ok(BackupsView {
        folder: backups::folder_of(l.conn(), db)?.display().to_string(),
        backups: backups::list(&l)?,
        last_auto: backups::last_auto(),
    })
}

/// Takes a manual backup now.
pub fn backup_now(s: &Shared) -> ApiResult<BackupFile> {
    Ok(backups::take_now(&lock(s))?)
}

/// Takes the automatic backup in the background when one is due (a failure is kept for the
/// settings page and the window's notice, never fatal).
pub fn start_auto_backup(l: &Ledger) {
    if l.is_read_only() {
        return;
    }
    if let Some(db) = l.path().map(|p| p.to_path_buf()) {
        std::thread::spawn(move || backups::auto_at(&db, chrono::Utc::now()));
    }
}

/// Replaces the open ledger with the backup `file` (checked first) and opens the restored
/// ledger; a refused backup leaves the ledger as it was, open.
pub fn restore_backup(s: &Shared, file: &str) -> ApiResult<crate::db::Restored> {
    let mut l = lock(s);
    let db = l.path().ok_or_else(no_file)?.to_path_buf();
    // The window's connection is closed while the file is replaced.
    let placeholder = Ledger::open_in_memory()?;
    drop(std::mem::replace(&mut *l, placeholder));
    let out = crate::db::restore(&db, std::path::Path::new(file.trim()));
    *l = Ledger::open_existing(&db)?;
    Ok(out?)
}

/// Whether the open ledger is at home here or looks copied.
pub fn identity_state(s: &Shared) -> ApiResult<LedgerHome> {
    Ok(identity::check(&mut lock(s))?)
}

/// Gives a copied ledger an identity of its own.
pub fn identity_new(s: &Shared, name: &str, code: &str) -> ApiResult<NewIdentity> {
    Ok(identity::new_identity(&mut lock(s), name, code)?)
}

/// The ledger was moved here, not copied: it keeps its identity.
pub fn identity_keep(s: &Shared) -> ApiResult<()> {
    Ok(identity::keep(&mut lock(s))?)
}
