//! The window's calls of sync by file: export a bundle to a folder, import one (with
//! progress), the history of bundles, the conflicts list with both versions side by side,
//! and resolving a conflict.

use std::path::Path;

use super::{lock, ApiResult, Shared};
use crate::sync::{
    self, conflicts::Conflict, ExportReport, HistoryEntry, ImportReport, Keep, Progress,
};

/// Writes a bundle to `dest` (a folder, or a file path): the rows changed since the last
/// export there, or every row with `full`; `progress` hears how far it has got.
pub fn sync_export_with(
    s: &Shared,
    dest: &str,
    full: bool,
    progress: &mut dyn FnMut(Progress),
) -> ApiResult<ExportReport> {
    Ok(sync::export(
        &mut lock(s),
        Path::new(dest.trim()),
        full,
        progress,
    )?)
}

/// [`sync_export_with`] without progress.
pub fn sync_export(s: &Shared, dest: &str, full: bool) -> ApiResult<ExportReport> {
    sync_export_with(s, dest, full, &mut |_| {})
}

/// Imports the bundle at `path`: verified whole, a backup, then one transaction; `progress`
/// hears how far it has got.
pub fn sync_import_with(
    s: &Shared,
    path: &str,
    progress: &mut dyn FnMut(Progress),
) -> ApiResult<ImportReport> {
    Ok(sync::import(
        &mut lock(s),
        Path::new(path.trim()),
        progress,
    )?)
}

/// [`sync_import_with`] without progress.
pub fn sync_import(s: &Shared, path: &str) -> ApiResult<ImportReport> {
    sync_import_with(s, path, &mut |_| {})
}

/// Every export and import, newest first.
pub fn sync_history(s: &Shared) -> ApiResult<Vec<HistoryEntry>> {
    Ok(sync::history(lock(s).conn())?)
}

/// The open conflicts (every conflict with `all`), each with both versions field by field.
pub fn sync_conflicts(s: &Shared, all: bool) -> ApiResult<Vec<Conflict>> {
    Ok(sync::conflicts(lock(s).conn(), all)?)
}

/// Resolves a conflict: keeps the current version, or takes the other as a new local edit.
pub fn sync_resolve(
    s: &Shared,
    id: i64,
    keep: Keep,
    reason: Option<String>,
) -> ApiResult<Conflict> {
    let reason = reason.filter(|r| !r.trim().is_empty());
    Ok(sync::resolve(&mut lock(s), id, keep, reason.as_deref())?)
}
