//! Imports by kind (cells, records, manifests) from CSV or XLSX, and their preview: the same
//! reading and the same checks as the import, run in a transaction that is always rolled
//! back, so the window can show every row with its bad fields marked and the counts, then
//! import all or nothing.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::cells::{import as cells_import, records_import};
use crate::construction::import as manifests_import;
use crate::csv_file::{self, Imported, Row};
use crate::csv_stream;
use crate::db::{Ledger, Writer};
use crate::error::{Error, FieldError, Result};
use crate::import_run::{self, Progress, RowCheck};

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
    /// The key under which imported files are remembered.
    pub(crate) fn key(self) -> &'static str {
        match self {
            ImportKind::Cells => "cells",
            ImportKind::Records => "records",
            ImportKind::Manifests => "manifests",
        }
    }

    fn columns(self) -> &'static [(&'static str, &'static str)] {
        self.spec().0
    }

    /// The columns (key, Chinese heading), the required ones, and those whose dates are
    /// months.
    pub(crate) fn spec(
        self,
    ) -> (
        &'static [(&'static str, &'static str)],
        &'static [&'static str],
        &'static [&'static str],
    ) {
        match self {
            ImportKind::Cells => (cells_import::COLUMNS, &["name"], &[]),
            ImportKind::Records => (
                records_import::COLUMNS,
                &["cell", "month", "category", "generated"],
                &["month"],
            ),
            ImportKind::Manifests => (manifests_import::COLUMNS, &[], &[]),
        }
    }

    /// The checks of this kind's rows.
    pub(crate) fn checker(self, w: &Writer<'_>) -> Result<Box<dyn RowCheck>> {
        Ok(match self {
            ImportKind::Cells => Box::<cells_import::CellRows>::default(),
            ImportKind::Records => Box::new(records_import::RecordRows::new(w.tx())?),
            ImportKind::Manifests => Box::<manifests_import::ManifestRows>::default(),
        })
    }
}

/// Imports a file (CSV, or a spreadsheet by its content) of `kind`, all or nothing.
pub fn import(l: &mut Ledger, kind: ImportKind, path: &Path) -> Result<Imported> {
    import_run::import(l, kind, path, &mut |_| {})
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
    preview_with(l, kind, path, &mut |_| {})
}

/// [`preview`], telling `progress` how far it got.
pub fn preview_with(
    l: &mut Ledger,
    kind: ImportKind,
    path: &Path,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportPreview> {
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
    let opened = csv_stream::scan(path).and_then(|scan| {
        p.imported_before = csv_file::imported_before(l.conn(), kind.key(), &scan.hash)?;
        import_run::open(path, kind, &scan)
    });
    let file = match opened {
        Ok(f) => f,
        Err(Error::ImportRejected(f)) => {
            p.file_errors = f;
            return Ok(p);
        }
        Err(e) => return Err(e),
    };
    // The columns the file has, each key once, in the import's order.
    let mut keys: Vec<(&str, &str)> = Vec::new();
    for (k, zh) in kind.columns() {
        if file.keys.contains(k) && !keys.iter().any(|(x, _)| x == k) {
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
    let mut rows = Vec::new();
    let mut bad_listed = 0;
    let mut seen = 0;
    let mut on_row = |r: &Row, status: RowStatus, errors: Vec<FieldError>| {
        let listed = seen < PREVIEW_ROWS || (status == RowStatus::Bad && bad_listed < PREVIEW_ROWS);
        if listed {
            if status == RowStatus::Bad && seen >= PREVIEW_ROWS {
                bad_listed += 1;
            }
            rows.push(PreviewRow {
                row: r.line,
                values: keys.iter().map(|(k, _)| r.get(k)).collect(),
                status,
                errors,
            });
        }
        seen += 1;
    };
    let ran = dry_run(l, |w| import_run::run(w, kind, file, &mut on_row, progress));
    let t = match ran {
        Ok(t) => t,
        Err(Error::ImportRejected(f)) => {
            p.file_errors = f;
            return Ok(p);
        }
        Err(e) => return Err(e),
    };
    p.rows = rows;
    p.total = t.rows;
    p.new = t.new;
    p.already = t.already;
    p.bad = t.bad - t.read_errs.len() - t.read_more;
    if !t.read_errs.is_empty() {
        p.file_errors = t.refusal().map(|e| e.fields().to_vec()).unwrap_or_default();
    }
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
