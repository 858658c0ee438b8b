//! `manifest.json`: what a bundle declares about itself (see docs/sync-format.md).

use serde::{Deserialize, Serialize};

/// The installation a bundle comes from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Source {
    /// Its UUID.
    pub id: String,
    /// Its name (setting `installation.name`).
    pub name: String,
    /// Its short code (setting `installation.code`).
    pub code: String,
    /// Its reporting area (setting `installation.area`).
    pub area: String,
}

/// The head of the source's change-log chain when the bundle was written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChainHead {
    /// The newest change set's number.
    pub seq: i64,
    /// Its link, 64 hex digits.
    pub hash: String,
}

/// One part of the archive.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Part {
    /// Its name in the archive (`tables/NAME.jsonl`, `chain.jsonl`).
    pub name: String,
    /// The table it holds (empty for the chain).
    pub table: String,
    /// Lines (rows).
    pub rows: u64,
    /// Bytes unpacked.
    pub bytes: u64,
    /// SHA-256 of the bytes unpacked, 64 hex digits.
    pub sha256: String,
}

/// `manifest.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// The bundle format's version (see [`super::FORMAT_VERSION`]).
    pub format: i64,
    /// The schema version of the ledger that wrote it.
    pub schema: i64,
    /// When it was written (UTC, RFC 3339).
    pub created_at: String,
    /// The installation that wrote it.
    pub source: Source,
    /// The head of its change-log chain.
    pub head: ChainHead,
    /// Whether it holds every row (`true`) or those changed since the last export to the
    /// same destination.
    pub full: bool,
    /// The change-log range it covers: rows changed by entries `since_seq` < seq ≤
    /// `until_seq`.
    pub since_seq: i64,
    /// See `since_seq`.
    pub until_seq: i64,
    /// For each installation whose rows it holds: the lowest and highest clock among them.
    pub clocks: Vec<ClockRange>,
    /// The parts, in the order they are applied.
    pub parts: Vec<Part>,
}

/// The clock range of one installation's rows in a bundle.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClockRange {
    /// The installation's UUID.
    pub origin: String,
    /// The lowest clock.
    pub min: i64,
    /// The highest clock.
    pub max: i64,
}
