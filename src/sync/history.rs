//! The bundles this installation exported and imported.

use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;

/// One export or import.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryEntry {
    /// Its number.
    pub id: i64,
    /// When (local time, `YYYY-MM-DD HH:MM:SS`).
    pub at: String,
    /// `export` or `import`.
    pub direction: String,
    /// The bundle file.
    pub path: String,
    /// The installation the bundle came from (this one for an export): UUID, name, code.
    pub installation: String,
    /// See `installation`.
    pub name: String,
    /// See `installation`.
    pub code: String,
    /// SHA-256 of the bundle file.
    pub sha256: String,
    /// Whether it held every row.
    pub full: bool,
    /// Rows in the bundle.
    pub rows: i64,
    /// Rows taken (import).
    pub applied: i64,
    /// Conflicts recorded (import).
    pub conflicts: i64,
    /// The chain head the bundle carried.
    pub head_seq: i64,
    /// See `head_seq`.
    pub head_hash: String,
    /// Whether that history extends the heads seen before from the same installation.
    pub head_ok: bool,
    /// When the bundle was written (local time).
    pub newest: String,
    /// Who exported or imported it.
    pub operator: String,
}

/// Local time of a stored UTC time.
pub(crate) fn local(t: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(t)
        .map(|d| {
            d.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|_| t.to_string())
}

/// Every export and import, newest first.
pub fn history(conn: &Connection) -> Result<Vec<HistoryEntry>> {
    let mut st = conn.prepare(
        "SELECT id, at, direction, path, installation, name, code, sha256, full, rows, applied,
            conflicts, head_seq, head_hash, head_ok, newest, operator
         FROM sync_history ORDER BY id DESC",
    )?;
    let rows = st.query_map([], |r| {
        Ok(HistoryEntry {
            id: r.get(0)?,
            at: local(&r.get::<_, String>(1)?),
            direction: r.get(2)?,
            path: r.get(3)?,
            installation: r.get(4)?,
            name: r.get(5)?,
            code: r.get(6)?,
            sha256: r.get(7)?,
            full: r.get(8)?,
            rows: r.get(9)?,
            applied: r.get(10)?,
            conflicts: r.get(11)?,
            head_seq: r.get(12)?,
            head_hash: r.get(13)?,
            head_ok: r.get(14)?,
            newest: local(&r.get::<_, String>(15)?),
            operator: r.get(16)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
