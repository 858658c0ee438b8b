//! How an import runs: the file's rows are read, checked and written one at a time inside
//! the one transaction, so memory stays flat in the file's size (no list of the file's rows
//! is ever built); the transaction commits only when every row passed. The same run, rolled
//! back, is the preview. Progress is reported as rows read and the share of the file read.

use std::path::Path;

use serde::Serialize;

use crate::csv_file::{self, Imported, Row, MAX_ERRORS};
use crate::csv_stream::{self, FileChars, Item, RecordReader, RowReader, Scan};
use crate::db::{Ledger, Writer};
use crate::error::{Error, FieldError, Result, Rule};
use crate::import_preview::{ImportKind, RowStatus};

/// How far an import has got.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Progress {
    /// Data rows read and checked so far.
    pub rows: usize,
    /// The share of the file read, 0 to 1.
    pub fraction: f64,
}

/// How often (in rows) progress is reported.
pub const PROGRESS_EVERY: usize = 2000;

/// What one row of a file comes to.
pub enum Fate {
    /// Written (in a preview: would be).
    New,
    /// Already in the ledger with the same values.
    Already,
    /// Refused, with every field.
    Bad(Vec<FieldError>),
}

/// The checks of one kind of row: each row is checked against the ledger and the rows
/// before it, and written at once when good (the transaction is rolled back unless every
/// row is).
pub trait RowCheck {
    /// Checks and, when good, writes one row.
    fn row(&mut self, w: &mut Writer<'_>, r: &Row) -> Result<Fate>;

    /// Ends the run, after the last row (whether or not the import is then committed).
    fn finish(&mut self, _w: &mut Writer<'_>) -> Result<()> {
        Ok(())
    }
}

/// A file opened for import: its headings read, its rows still on the disk.
pub struct Opened {
    /// The file's SHA-256 (none for text handed in directly).
    pub hash: Option<String>,
    /// The column keys the file has, in its order.
    pub keys: Vec<&'static str>,
    rows: Box<dyn Iterator<Item = Result<Item>>>,
    fraction: Box<dyn Fn(usize) -> f64>,
}

/// Opens a file (CSV of any accepted encoding, or a spreadsheet) of `kind` after its first
/// pass ([`csv_stream::scan`]): headings that refuse the file refuse it here.
pub fn open(path: &Path, kind: ImportKind, scan: &Scan) -> Result<Opened> {
    let (columns, required, months) = kind.spec();
    if scan.spreadsheet {
        // An XLSX sheet is read from the file a row at a time, like CSV.
        if let Some((rows, total)) = crate::xlsx_stream::open(path, columns, months)? {
            let read = std::rc::Rc::new(std::cell::Cell::new(0usize));
            let counted = read.clone();
            let recs = rows.map(move |(row, fields)| {
                counted.set(counted.get() + 1);
                csv_stream::Record {
                    row,
                    fields,
                    ended: true,
                    open_quote: false,
                }
            });
            let reader = RowReader::new(recs, columns, required)?;
            let total = total.max(1) as f64;
            return Ok(Opened {
                hash: Some(scan.hash.clone()),
                keys: reader.keys(),
                rows: Box::new(reader),
                fraction: Box::new(move |_| (read.get() as f64 / total).min(1.0)),
            });
        }
        // XLS and ODS: the sheet is unpacked by calamine as a whole; its rows are then
        // checked one at a time like CSV.
        let bytes = std::fs::read(path)?;
        let sheet = crate::xlsx_file::read_sheet(&bytes, columns, months)?;
        drop(bytes);
        let total = sheet.len().max(1);
        let recs = sheet.into_iter().map(|(row, fields)| csv_stream::Record {
            row,
            fields,
            ended: true,
            open_quote: false,
        });
        let reader = RowReader::new(recs, columns, required)?;
        return Ok(Opened {
            hash: Some(scan.hash.clone()),
            keys: reader.keys(),
            rows: Box::new(reader),
            fraction: Box::new(move |rows| (rows as f64 / total as f64).min(1.0)),
        });
    }
    let mut chars = FileChars::open(path, scan.encoding, scan.skip)?;
    let read = chars.counter();
    let (delim, seen) = csv_stream::delimiter(&mut chars);
    let recs = RecordReader::new(seen.into_iter().chain(chars), delim);
    let reader = RowReader::new(recs, columns, required)?;
    let len = scan.len.max(1) as f64;
    Ok(Opened {
        hash: Some(scan.hash.clone()),
        keys: reader.keys(),
        rows: Box::new(reader),
        fraction: Box::new(move |_| (read.get() as f64 / len).min(1.0)),
    })
}

/// Opens CSV text already in memory (tests, and the CLI's text imports).
pub fn open_text(text: String, kind: ImportKind) -> Result<Opened> {
    let (columns, required, _) = kind.spec();
    let chars: Vec<char> = text.chars().collect();
    let total = chars.len().max(1);
    let mut it = chars.into_iter();
    let (delim, seen) = csv_stream::delimiter(&mut it);
    let reader = RowReader::new(
        RecordReader::new(seen.into_iter().chain(it), delim),
        columns,
        required,
    )?;
    Ok(Opened {
        hash: None,
        keys: reader.keys(),
        rows: Box::new(reader),
        fraction: Box::new(move |_| (1.0f64).min(total as f64)),
    })
}

/// What running the rows found.
#[derive(Debug, Default)]
pub struct Tally {
    /// Data rows.
    pub rows: usize,
    /// Rows written.
    pub new: usize,
    /// Rows already in the ledger.
    pub already: usize,
    /// Rows refused.
    pub bad: usize,
    /// The first [`MAX_ERRORS`] refusals of rows' values.
    pub errs: Vec<FieldError>,
    /// Refusals beyond those.
    pub more: usize,
    /// The first refusals of rows as read (more values than headings).
    pub read_errs: Vec<FieldError>,
    /// Refusals as read beyond those.
    pub read_more: usize,
}

impl Tally {
    /// The refusal of the file, when anything was refused: rows that could not be read
    /// first (their values are not trusted), else every refused field.
    pub fn refusal(self) -> Option<Error> {
        if !self.read_errs.is_empty() {
            return Some(refused(self.read_errs, self.read_more));
        }
        (!self.errs.is_empty()).then(|| refused(self.errs, self.more))
    }
}

/// A refusal listing `errs` (at most [`MAX_ERRORS`]) and counting `more` besides.
pub fn refused(mut errs: Vec<FieldError>, more: usize) -> Error {
    if more == 0 {
        return csv_file::rejected(errs);
    }
    errs.push(FieldError::new(
        None,
        "file",
        Rule::MoreErrors,
        &[("count", &more.to_string())],
    ));
    Error::ImportRejected(errs)
}

fn keep(list: &mut Vec<FieldError>, more: &mut usize, e: impl IntoIterator<Item = FieldError>) {
    for e in e {
        if list.len() < MAX_ERRORS {
            list.push(e);
        } else {
            *more += 1;
        }
    }
}

/// Reads, checks and writes every row of `file` in `w`'s transaction; `on_row` sees each
/// row with how it fared, `progress` hears every [`PROGRESS_EVERY`] rows and at the end.
/// The caller commits only when [`Tally::refusal`] is none.
pub fn run(
    w: &mut Writer<'_>,
    kind: ImportKind,
    file: Opened,
    on_row: &mut dyn FnMut(&Row, RowStatus, Vec<FieldError>),
    progress: &mut dyn FnMut(Progress),
) -> Result<Tally> {
    let mut check = kind.checker(w)?;
    let mut t = Tally::default();
    for item in file.rows {
        match item? {
            Item::Bad(e) => {
                t.bad += 1;
                keep(&mut t.read_errs, &mut t.read_more, [e]);
            }
            Item::Row(r) => {
                t.rows += 1;
                match check.row(w, &r)? {
                    Fate::New => {
                        t.new += 1;
                        on_row(&r, RowStatus::New, Vec::new());
                    }
                    Fate::Already => {
                        t.already += 1;
                        on_row(&r, RowStatus::Already, Vec::new());
                    }
                    Fate::Bad(errs) => {
                        t.bad += 1;
                        keep(&mut t.errs, &mut t.more, errs.iter().cloned());
                        on_row(&r, RowStatus::Bad, errs);
                    }
                }
                if t.rows % PROGRESS_EVERY == 0 {
                    progress(Progress {
                        rows: t.rows,
                        fraction: (file.fraction)(t.rows),
                    });
                }
            }
        }
    }
    check.finish(w)?;
    progress(Progress {
        rows: t.rows,
        fraction: 1.0,
    });
    Ok(t)
}

/// Imports a file of `kind`, all or nothing, telling `progress` how far it got. A file
/// imported before (the same bytes) writes nothing and says when.
pub fn import(
    l: &mut Ledger,
    kind: ImportKind,
    path: &Path,
    progress: &mut dyn FnMut(Progress),
) -> Result<Imported> {
    let scan = csv_stream::scan(path)?;
    if let Some(at) = csv_file::imported_before(l.conn(), kind.key(), &scan.hash)? {
        return Ok(Imported::before(at));
    }
    let file = open(path, kind, &scan)?;
    import_opened(l, kind, file, progress)
}

/// Imports a file already opened (see [`import`]).
pub fn import_opened(
    l: &mut Ledger,
    kind: ImportKind,
    file: Opened,
    progress: &mut dyn FnMut(Progress),
) -> Result<Imported> {
    let hash = file.hash.clone();
    l.write(|w| {
        let t = run(w, kind, file, &mut |_, _, _| {}, progress)?;
        let (new, already) = (t.new, t.already);
        if let Some(e) = t.refusal() {
            return Err(e);
        }
        if let (Some(h), true) = (hash, new > 0) {
            csv_file::remember(w, kind.key(), &h)?;
        }
        Ok(Imported {
            added: new,
            already,
            imported_before: None,
        })
    })
}

/// Imports CSV text of `kind` (no file to remember).
pub fn import_text(l: &mut Ledger, kind: ImportKind, text: &str) -> Result<Imported> {
    let file = open_text(text.to_string(), kind)?;
    import_opened(l, kind, file, &mut |_| {})
}
