//! Imports by kind (cells, records, manifests) from CSV or XLSX, and their preview: the same
//! reading and the same checks as the import, run in a transaction that is always rolled
//! back, so the window can show every row with its bad fields marked and the counts, then
//! import all or nothing.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::cells::{import as cells_import, records_import};
use crate::construction::import as manifests_import;
use crate::csv_file::{self, Imported, Row};
use crate::db::{Ledger, Writer};
use crate::error::{Error, FieldError, Result};

/// What checking a file's rows found, besides the rows to write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Rows already in the ledger with the same values (not written again).
    pub already: Vec<usize>,
    /// Every refusal, with its row and field.
    pub errs: Vec<FieldError>,
}

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ImportKind {
    /// Zero-waste cells.
    Cells,
    /// Monthly records of cells.
    Records,
    /// Construction-waste manifests.
    Manifests,
}

impl ImportKind {
    fn key(self) -> &'static str {
        match self {
            ImportKind::Cells => "cells",
            ImportKind::Records => "records",
            ImportKind::Manifests => "manifests",
        }
    }

    fn columns(self) -> &'static [(&'static str, &'static str)] {
        match self {
            ImportKind::Cells => cells_import::COLUMNS,
            ImportKind::Records => records_import::COLUMNS,
            ImportKind::Manifests => manifests_import::COLUMNS,
        }
    }

    fn read(self, bytes: &[u8]) -> Result<Vec<Row>> {
        match self {
            ImportKind::Cells => cells_import::read(bytes),
            ImportKind::Records => records_import::read(bytes),
            ImportKind::Manifests => manifests_import::read(bytes),
        }
    }
}

/// Imports a file (CSV, or a spreadsheet by its content) of `kind`, all or nothing.
pub fn import(l: &mut Ledger, kind: ImportKind, path: &Path) -> Result<Imported> {
    match kind {
        ImportKind::Cells => cells_import::import_file(l, path),
        ImportKind::Records => records_import::import_file(l, path),
        ImportKind::Manifests => manifests_import::import_file(l, path),
    }
}

/// How a row would fare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RowStatus {
    /// Would be written.
    New,
    /// Already in the ledger with the same values: would not be written again.
    Already,
    /// Refused: see its errors.
    Bad,
}

/// A column of the preview, in the file's terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PreviewColumn {
    /// The column's key (the field of errors).
    pub key: String,
    /// Its Chinese heading.
    pub zh: String,
}

/// One row of the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PreviewRow {
    /// The row number the spreadsheet shows.
    pub row: usize,
    /// The values, one per column of the preview, as read.
    pub values: Vec<String>,
    /// How it would fare.
    pub status: RowStatus,
    /// Its refusals, each naming its field.
    pub errors: Vec<FieldError>,
}

/// A file checked without writing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportPreview {
    /// What the file holds.
    pub kind: ImportKind,
    /// The columns the file has, in the import's order.
    pub columns: Vec<PreviewColumn>,
    /// The rows shown: the first [`PREVIEW_ROWS`], and every refused row up to that many
    /// more.
    pub rows: Vec<PreviewRow>,
    /// Data rows in the file.
    pub total: usize,
    /// Rows that would be written.
    pub new: usize,
    /// Rows already in the ledger.
    pub already: usize,
    /// Rows refused.
    pub bad: usize,
    /// Refusals of the whole file (encoding, unknown or missing columns, a row cut short);
    /// when there are any, no row was read.
    pub file_errors: Vec<FieldError>,
    /// When the same file was imported before (UTC): importing it writes nothing.
    pub imported_before: Option<String>,
}

impl ImportPreview {
    /// Whether importing the file would write it (nothing refused, something new).
    pub fn importable(&self) -> bool {
        self.file_errors.is_empty() && self.bad == 0 && self.imported_before.is_none()
    }
}

/// How many rows a preview lists (refused rows beyond them are listed too, up to as many).
pub const PREVIEW_ROWS: usize = 1000;

/// Checks a file of `kind` as its import would, writing nothing.
pub fn preview(l: &mut Ledger, kind: ImportKind, path: &Path) -> Result<ImportPreview> {
    let bytes = std::fs::read(path)?;
    preview_bytes(l, kind, &bytes)
}

/// [`preview`] of bytes already read.
pub fn preview_bytes(l: &mut Ledger, kind: ImportKind, bytes: &[u8]) -> Result<ImportPreview> {
    let mut p = ImportPreview {
        kind,
        columns: Vec::new(),
        rows: Vec::new(),
        total: 0,
        new: 0,
        already: 0,
        bad: 0,
        file_errors: Vec::new(),
        imported_before: None,
    };
    let hash = csv_file::file_hash(bytes);
    p.imported_before = csv_file::imported_before(l.conn(), kind.key(), &hash)?;
    let rows = match kind.read(bytes) {
        Ok(r) => r,
        Err(Error::ImportRejected(f)) => {
            p.file_errors = f;
            return Ok(p);
        }
        Err(e) => return Err(e),
    };
    // The columns the file has, each key once, in the import's order.
    let mut keys: Vec<(&str, &str)> = Vec::new();
    for (k, zh) in kind.columns() {
        if rows.first().is_some_and(|r| r.has(k)) && !keys.iter().any(|(x, _)| x == k) {
            keys.push((k, zh));
        }
    }
    p.columns = keys
        .iter()
        .map(|(k, zh)| PreviewColumn {
            key: (*k).into(),
            zh: (*zh).into(),
        })
        .collect();
    let values: Vec<(usize, Vec<String>)> = rows
        .iter()
        .map(|r| (r.line, keys.iter().map(|(k, _)| r.get(k)).collect()))
        .collect();
    p.total = rows.len();
    let out = dry_run(l, |w| match kind {
        ImportKind::Cells => Ok(cells_import::check(w.tx(), &cells_import::drafts(rows))?.1),
        ImportKind::Records => Ok(records_import::check(w.tx(), &records_import::drafts(rows))?.1),
        ImportKind::Manifests => Ok(manifests_import::check(w, &manifests_import::drafts(rows))?.1),
    })?;
    let mut by_row: BTreeMap<usize, Vec<FieldError>> = BTreeMap::new();
    for e in out.errs {
        match e.row {
            Some(r) => by_row.entry(r).or_default().push(e),
            None => p.file_errors.push(e),
        }
    }
    let already: std::collections::HashSet<usize> = out.already.into_iter().collect();
    let mut bad_listed = 0;
    for (i, (row, values)) in values.into_iter().enumerate() {
        let errors = by_row.remove(&row).unwrap_or_default();
        let status = if !errors.is_empty() {
            p.bad += 1;
            RowStatus::Bad
        } else if already.contains(&row) {
            p.already += 1;
            RowStatus::Already
        } else {
            p.new += 1;
            RowStatus::New
        };
        let listed = i < PREVIEW_ROWS || (status == RowStatus::Bad && bad_listed < PREVIEW_ROWS);
        if listed {
            if status == RowStatus::Bad && i >= PREVIEW_ROWS {
                bad_listed += 1;
            }
            p.rows.push(PreviewRow {
                row,
                values,
                status,
                errors,
            });
        }
    }
    // Errors of rows the reader left out (none today) still refuse the file.
    p.file_errors.extend(by_row.into_values().flatten());
    Ok(p)
}

/// Runs `f` in a write transaction and always rolls it back: what the write would do,
/// without doing it.
fn dry_run<T>(l: &mut Ledger, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
    let mut out = None;
    // The write commits only when its closure succeeds; this one never does. The empty
    // refusal marks the rollback as intended.
    let r = l.write(|w| {
        out = Some(f(w)?);
        Err::<(), _>(Error::ImportRejected(Vec::new()))
    });
    match r {
        Err(Error::ImportRejected(v)) if v.is_empty() => out.ok_or(Error::ImportRejected(v)),
        Err(e) => Err(e),
        Ok(()) => out.ok_or(Error::ImportRejected(Vec::new())),
    }
}
