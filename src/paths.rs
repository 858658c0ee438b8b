//! Where the ledger lives. The CLI and the window resolve the database path the same way:
//! an explicit `--db PATH`, else `ZWL_DB`, else the location chosen in the window's settings
//! (a small config file), else `ledger.db` in the OS data directory.

use std::path::{Path, PathBuf};

use crate::error::Result;

/// The OS data directory of the ledger (`~/.local/share/zwl` on Linux).
pub fn data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("zwl")
}

/// The config file that remembers a database location chosen in the window.
pub fn config_file() -> PathBuf {
    dirs::config_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("zwl")
        .join("config.json")
}

/// The default database path when nothing overrides it.
pub fn default_db() -> PathBuf {
    data_dir().join("ledger.db")
}

/// The database path the CLI and the window use.
pub fn resolve_db(explicit: Option<&Path>) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    if let Some(p) = std::env::var_os("ZWL_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    chosen_db().unwrap_or_else(default_db)
}

/// The location chosen in the settings page, if any.
pub fn chosen_db() -> Option<PathBuf> {
    let text = std::fs::read_to_string(config_file()).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v.get("db").and_then(|d| d.as_str()).map(PathBuf::from)
}

/// Remembers `db` as the location to open next time (`None` returns to the default).
pub fn choose_db(db: Option<&Path>) -> Result<()> {
    let f = config_file();
    if let Some(dir) = f.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let v = serde_json::json!({ "db": db.map(|p| p.to_string_lossy().into_owned()) });
    std::fs::write(f, serde_json::to_string_pretty(&v).unwrap_or_default())?;
    Ok(())
}

/// The folder an export is proposed in: the user's Documents folder when there is one,
/// else the home folder, else the working folder.
pub fn export_dir() -> PathBuf {
    dirs::document_dir()
        .filter(|d| d.is_dir())
        .or_else(|| dirs::home_dir().filter(|d| d.is_dir()))
        .unwrap_or_else(|| PathBuf::from("."))
}
