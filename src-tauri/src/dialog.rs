//! Native file dialogs (open a file, save a file, choose a folder) for the window's path
//! boxes. The dialog is the window's business alone, so this is the one command that is not
//! an adapter over `zwl::api`: it returns a path, and the page puts it in its box, where the
//! clerk may still change it and the core checks it as it checks a typed path.

use std::path::Path;

use serde::Deserialize;
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::DialogExt;

/// What the dialog asks for.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PickMode {
    /// An existing file to read (imports, a report to verify).
    Open,
    /// A file to write (exports, a certification report), proposed under `start`'s name.
    Save,
    /// A folder (where backups or exports go).
    Folder,
}

/// Opens the native dialog and waits for the clerk's choice: the chosen path, or `None`
/// when the dialog was cancelled. `start` is the path in the box (a folder, or a file whose
/// folder and name are proposed); `extensions` filter the files shown (`["csv", "xlsx"]`).
///
/// Async, so Tauri runs it on a worker thread: the blocking wait for the dialog never holds
/// the main thread, and the window keeps drawing under the dialog.
#[tauri::command]
pub async fn pick_path(
    app: AppHandle,
    mode: PickMode,
    title: Option<String>,
    start: Option<String>,
    extensions: Option<Vec<String>>,
) -> Option<String> {
    let mut d = app.dialog().file();
    if let Some(w) = app.get_webview_window("main") {
        d = d.set_parent(&w);
    }
    if let Some(t) = title.filter(|t| !t.trim().is_empty()) {
        d = d.set_title(t);
    }
    let exts: Vec<String> = extensions.unwrap_or_default();
    if !exts.is_empty() && !matches!(mode, PickMode::Folder) {
        let refs: Vec<&str> = exts.iter().map(String::as_str).collect();
        d = d.add_filter(exts.join(", ").to_uppercase(), &refs);
    }
    if let Some(s) = start.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let p = Path::new(s);
        if p.is_dir() {
            d = d.set_directory(p);
        } else {
            if let Some(dir) = p.parent().filter(|d| d.is_dir()) {
                d = d.set_directory(dir);
            }
            if matches!(mode, PickMode::Save) {
                if let Some(name) = p.file_name() {
                    d = d.set_file_name(name.to_string_lossy());
                }
            }
        }
    }
    let chosen = match mode {
        PickMode::Open => d.blocking_pick_file(),
        PickMode::Save => d.blocking_save_file(),
        PickMode::Folder => d.blocking_pick_folder(),
    }?;
    chosen
        .into_path()
        .ok()
        .map(|p| p.to_string_lossy().into_owned())
}
