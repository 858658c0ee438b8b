//! Sync by file (文件同步): bundles of rows that installations exchange without a network.
//!
//! - [`tables`]: which tables travel, their columns, and how a row becomes a line of JSON;
//! - [`manifest`]: what a bundle declares about itself;
//! - [`export`]: writing a bundle of the rows changed since the last export to a destination;
//! - [`verify`]: reading a bundle and refusing anything hostile or broken before a write;
//! - [`apply`]: taking a verified bundle's rows in one logged transaction, with conflicts;
//! - [`conflicts`]: the conflicts a clerk reviews and resolves; [`history`]: what was sent
//!   and received.
//!
//! The format is documented in docs/sync-format.md.

pub mod apply;
pub mod bench;
pub mod conflicts;
pub mod export;
pub mod history;
mod line;
pub mod manifest;
mod remap;
mod rows;
pub mod rules;
pub mod tables;
pub mod upgrade;
pub mod verify;
pub mod versions;

pub use apply::{import, ImportReport, TableCount};
pub use conflicts::ConflictField;
pub use conflicts::{conflicts, resolve, Conflict, Keep};
pub use export::{export, ExportReport};
pub use history::{history, HistoryEntry};
pub use manifest::Manifest;

/// The bundle format this program writes, and the newest it reads.
pub const FORMAT_VERSION: i64 = 1;

/// How far a long export or import has got.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "SyncProgress"))]
pub struct Progress {
    /// `export`, `verify` or `apply`.
    pub stage: String,
    /// The table being read or written.
    pub table: String,
    /// Rows done so far in this stage.
    pub rows: u64,
    /// Rows in all (0 when not known yet).
    pub total: u64,
}

/// A row's version: the Lamport clock of the change that made it and the installation (its
/// UUID) that made it. The higher version wins: clock first, then installation id.
pub type Version = (i64, String);
