//! The change log (变更记录): every write appends who, when, which row and what changed, in
//! the same transaction as the write, and seals its change set into a hash chain.
//!
//! - [`images`]: rows as the log keeps them, the row hash, the compact form of an entry;
//! - [`log`]: the write side (entries, bulk-insert blocks, the change set's link);
//! - [`chain`]: the chain of change sets, its head, and heads seen outside the file;
//! - [`check`]: what `zwl check` verifies;
//! - [`history`]: a row's history with its images before and after each change.

pub mod chain;
pub mod check;
pub mod history;
pub mod images;
pub mod log;

pub use chain::{head, verify_head, Head, HeadStatus};
pub use check::{check, CheckReport};
pub use history::{history, LoggedChange};
pub use images::{hash_of, state, state_where, Image, RowHash};

/// The domain tables whose rows are logged with a UUID id (and carry `clock` and `origin`).
pub const TABLES: &[&str] = &[
    "districts",
    "cell_kinds",
    "cells",
    "cell_records",
    "cw_sites",
    "cw_transporters",
    "cw_vehicles",
    "cw_facilities",
    "cw_manifests",
    "cw_facility_outputs",
    "agri_places",
    "agri_kinds",
    "agri_points",
    "agri_entries",
    "agri_outbound",
    "agri_pesticide_sales",
    "agri_film_use",
    "agri_straw",
    "agri_manure",
];

/// Every table the change log covers, one line each: the table, the SQL expression that
/// names a row in the log (`row_id`: the 16-byte id, or a text key as bytes), and which of
/// its rows are covered. A new table is added here; `zwl check` reports a table that is in neither this
/// list nor [`NOT_LOGGED`].
pub const COVERED: &[(&str, &str, &str)] = &[
    // The installation's identity; the counters `clock` and `log_seq` change with every write
    // and are checked against the log instead.
    (
        "meta",
        "CAST(key AS BLOB)",
        "key IN ('installation_id', 'created_at')",
    ),
    ("installations", "CAST(id AS BLOB)", "1"),
    ("settings", "CAST(key AS BLOB)", "1"),
    ("districts", "id", "1"),
    ("district_aliases", "CAST(old_code AS BLOB)", "1"),
    ("cell_kinds", "id", "1"),
    ("waste_categories", "id", "1"),
    ("cells", "id", "1"),
    ("cell_records", "id", "1"),
    ("cw_sites", "id", "1"),
    ("cw_transporters", "id", "1"),
    ("cw_vehicles", "id", "1"),
    ("cw_facilities", "id", "1"),
    ("cw_manifests", "id", "1"),
    ("cw_facility_outputs", "id", "1"),
    ("cell_namings", "id", "1"),
    ("cell_places", "id", "1"),
    ("reporting_areas", "id", "1"),
    ("reporting_area_districts", "id", "1"),
    ("cw_site_declarations", "id", "1"),
    ("waste_streams", "id", "1"),
    ("activity_kinds", "CAST(key AS BLOB)", "1"),
    ("kind_denominators", "id", "1"),
    ("cell_activity", "id", "1"),
    ("cell_containers", "id", "1"),
    ("cell_record_counts", "id", "1"),
    ("alert_acks", "id", "1"),
    ("criteria_templates", "id", "1"),
    ("cell_applications", "id", "1"),
    ("cell_assessments", "id", "1"),
    ("cert_reports", "id", "1"),
    ("agri_places", "id", "1"),
    ("agri_kinds", "id", "1"),
    ("agri_points", "id", "1"),
    ("agri_entries", "id", "1"),
    ("agri_outbound", "id", "1"),
    ("agri_pesticide_sales", "id", "1"),
    ("agri_film_use", "id", "1"),
    ("agri_straw", "id", "1"),
    ("agri_manure", "id", "1"),
    ("district_names_en", "id", "1"),
];

/// Tables that are not logged: the log itself, and indexes derived from logged rows (checked
/// against them). A name ending in `*` covers every table it begins.
pub const NOT_LOGGED: &[&str] = &[
    "change_sets",
    "change_log",
    "change_columns",
    "change_baseline",
    "chain_heads",
    // Sync's local bookkeeping (src/sync/): what this installation exported and imported,
    // the conflicts it keeps for review and the versions of rows that came from bundles.
    // They say what happened here, not what the ledger holds, so they are not logged and
    // never travel; the edits they lead to (a conflict resolved) are logged rows.
    "sync_peers",
    "sync_history",
    "sync_conflicts",
    "sync_versions",
    "cells_fts*",
    "sqlite_*",
];

/// The SQL expression that names a row of `table` in the log.
///
/// # Panics
/// When `table` is not in [`COVERED`]: a write to a table the log does not cover is a bug.
pub fn key_column(table: &str) -> &'static str {
    match COVERED.iter().find(|c| c.0 == table) {
        Some(c) => c.1,
        None => panic!("not a logged table: {table} (add it to audit::COVERED)"),
    }
}
