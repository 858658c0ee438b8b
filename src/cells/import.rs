//! Importing cells from a CSV or XLSX file (as clerks keep them in district spreadsheets).
//! All or nothing: every row is checked first, every bad row and field is reported, and
//! nothing is written unless the whole file is good. Idempotent: a file imported before,
//! or a row whose cell is already in the ledger with the same values, writes nothing. Headers may be the English keys or the
//! Chinese column names; files saved by Excel as UTF-8 (with BOM) or GB18030 are read.

use std::collections::HashSet;
use std::path::Path;

use rusqlite::OptionalExtension;

use super::bulk::{self, KindFigures};
use super::validate::{validate_with, Refs};
use super::{uscc, Cell, CellDraft, ValidCell};
use crate::csv_file::{self, Imported};
use crate::db::{Ledger, Writer};
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::CellId;
use crate::import_earlier::Earlier;
use crate::import_preview::ImportKind;
use crate::import_run::{self, Fate, RowCheck};

/// The columns: key and Chinese heading.
pub const COLUMNS: &[(&str, &str)] = &[
    ("name", "名称"),
    ("kind", "类型"),
    ("uscc", "统一社会信用代码"),
    ("uscc_override", "保留理由"),
    ("district", "行政区划"),
    ("address", "地址"),
    ("contact", "联系人"),
    ("phone", "电话"),
    ("manager", "负责人"),
    ("headcount", "人数/户数"),
    ("baseline_headcount", "基准年人数/户数"),
    ("baseline_year", "基准年"),
    ("uscc_shared_reason", "共用代码理由"),
    ("street", "街道/乡镇"),
    ("street_code", "街道/乡镇代码"),
    ("community", "社区"),
    ("community_code", "社区代码"),
    ("area", "报送区域"),
];

/// The rows of a file's bytes, CSV or a spreadsheet.
pub fn read(bytes: &[u8]) -> Result<Vec<csv_file::Row>> {
    crate::xlsx_file::read_rows(bytes, COLUMNS, &["name"], &[])
}

/// The draft of a row read from a file.
pub fn draft(r: &csv_file::Row) -> CellDraft {
    CellDraft {
        name: r.get("name"),
        kind: r.get("kind"),
        uscc: r.get("uscc"),
        uscc_override: r.get("uscc_override"),
        district: r.get("district"),
        address: r.get("address"),
        contact: r.get("contact"),
        phone: r.get("phone"),
        manager: r.get("manager"),
        headcount: r.get("headcount"),
        baseline_headcount: r.get("baseline_headcount"),
        baseline_year: r.get("baseline_year"),
        uscc_shared_reason: r.get("uscc_shared_reason"),
        street: r.get("street"),
        street_code: r.get("street_code"),
        community: r.get("community"),
        community_code: r.get("community_code"),
        area: r.get("area"),
    }
}

/// Imports the cells of a CSV or XLSX file. A file imported before (the same bytes) writes
/// nothing and says when it was imported.
pub fn import_file(ledger: &mut Ledger, path: &Path) -> Result<Imported> {
    import_run::import(ledger, ImportKind::Cells, path, &mut |_| {})
}

/// Imports cells from CSV text. Each row's natural key (the credit code, or else the name
/// and district) finds a cell already in the ledger: the same values are counted as
/// already imported and not written again; other values are refused (an edit is a step of
/// its own).
pub fn import_text(ledger: &mut Ledger, text: &str) -> Result<Imported> {
    import_run::import_text(ledger, ImportKind::Cells, text)
}

/// The checks of cell rows, each written when good (see [`RowCheck`]). The kinds, districts
/// and activity figures are loaded once, at the first row. Nothing is kept per row: whether
/// an earlier row of the file named the same cell is asked of the ledger, which holds the
/// cells this import wrote (each with its line in its id) and, in a temporary table, the
/// keys of cells from before that a row named (see [`Earlier`]).
#[derive(Default)]
pub struct CellRows {
    earlier: Earlier,
    refs: Option<Refs>,
    kinds: KindFigures,
    before: Option<Before>,
}

/// What the ledger held before the import: the districts with live cells, and whether any
/// live cell has a credit code. A row's key can name a cell from before only there, so
/// other rows are not looked up (the lookups would slow as the import adds cells).
struct Before {
    districts: HashSet<String>,
    any_code: bool,
}

impl Before {
    fn load(conn: &rusqlite::Connection) -> Result<Before> {
        let mut st = conn.prepare("SELECT DISTINCT district FROM cells WHERE deleted = 0")?;
        let districts = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<HashSet<String>>>()?;
        let any_code = conn
            .query_row(
                "SELECT 1 FROM cells WHERE uscc IS NOT NULL AND deleted = 0 LIMIT 1",
                [],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        Ok(Before {
            districts,
            any_code,
        })
    }
}

impl RowCheck for CellRows {
    fn row(&mut self, w: &mut Writer<'_>, r: &csv_file::Row) -> Result<Fate> {
        let d = draft(r);
        let line = r.line;
        let code = uscc::normalise(&d.uscc);
        let key = if code.is_empty() {
            format!("{}\u{0}{}", d.name.trim(), d.district.trim())
        } else {
            code.clone()
        };
        // Cells this import wrote are not "in the ledger" to the rows after them: a row
        // naming one again is a duplicate in the file.
        let refs = match &self.refs {
            Some(r) => r,
            None => self.refs.insert(Refs::load(w.tx())?),
        };
        let before = match &self.before {
            Some(b) => b,
            None => self.before.insert(Before::load(w.tx())?),
        };
        // A second site of the same unit may share the code, with its reason.
        let shared_reason = d.uscc_shared_reason.trim();
        let shared = !code.is_empty() && !shared_reason.is_empty();
        // The first earlier row of the file with the row's key, when the ledger has a cell of
        // the key: one this import wrote (the row that wrote it), or one from before (the
        // first row that named it); an earlier row of the key that was refused and wrote
        // nothing is no duplicate.
        let mut first: Option<usize> = None;
        let mut from_before = false;
        for (id, clock, coded) in keyed(w.tx(), refs, &code, &d)? {
            let at = if clock == w.clock() {
                // A cell this import wrote from a row with a code had that code as its key.
                if code.is_empty() && coded {
                    continue;
                }
                self.earlier.line_of(id.as_bytes())
            } else {
                from_before = true;
                self.earlier.named_before(w.tx(), &key)?
            };
            first = match (first, at) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        if from_before {
            self.earlier.note(w.tx(), &key, line)?;
        }
        let hit = first;
        let first = hit.filter(|_| !shared);
        let dup = first.is_some();
        let mut errs = Vec::new();
        let mut new = None;
        let mut already = false;
        let existing = existing(w.tx(), refs, before, &d, w.clock())?;
        match validate_with(w.tx(), Some(refs), &d, existing.as_ref().map(|c| c.id)) {
            Ok(mut v) => match &existing {
                Some(c) => {
                    let stored = ValidCell::of(c);
                    v.status = stored.status;
                    v.certified_on.clone_from(&stored.certified_on);
                    v.expires_on.clone_from(&stored.expires_on);
                    // A figure the file leaves empty is no difference: the activity figures
                    // keep what was recorded.
                    if v.headcount.is_none() {
                        v.headcount = stored.headcount;
                    }
                    if v.baseline_headcount.is_none() {
                        v.baseline_headcount = stored.baseline_headcount;
                    }
                    if v == stored {
                        already = true;
                    } else {
                        errs.push(FieldError::new(
                            Some(line),
                            "name",
                            Rule::ExistsDiffers,
                            &[("value", &c.name)],
                        ));
                    }
                }
                None => {
                    if hit.is_some() && shared {
                        v.place.uscc_shared = Some(shared_reason.to_string());
                    }
                    new = Some(v);
                }
            },
            // The code's other cell is the file's own earlier row: said once, below.
            Err(Error::Invalid(f)) => errs.extend(
                f.into_iter()
                    .filter(|e| !(dup && e.code == Rule::UsccDuplicate.code()))
                    .map(|e| e.at_row(line)),
            ),
            Err(e) => return Err(e),
        }
        if let Some(first) = first {
            let field = if code.is_empty() { "name" } else { "uscc" };
            errs.push(FieldError::new(
                Some(line),
                field,
                Rule::DuplicateInFile,
                &[("other", &first.to_string())],
            ));
        }
        if !errs.is_empty() {
            return Ok(Fate::Bad(errs));
        }
        if already {
            return Ok(Fate::Already);
        }
        match new {
            Some(v) => {
                // Logged as a row of the transaction's bulk insert (its id and hash, kept
                // until the commit): an import's log is then flat in the file's size. A
                // cell with an override reason or a place keeps an entry of its own.
                bulk::insert(w, &v, &mut self.kinds, CellId(self.earlier.id(line)))?;
                Ok(Fate::New)
            }
            None => Ok(Fate::Bad(errs)),
        }
    }
}

/// The live cells of a draft's natural key (its credit code, or else its name and district),
/// written by this import or there before: id, change set (clock), and whether the cell has
/// a credit code.
fn keyed(
    conn: &rusqlite::Connection,
    refs: &Refs,
    code: &str,
    d: &CellDraft,
) -> Result<Vec<(CellId, i64, bool)>> {
    let row = |r: &rusqlite::Row<'_>| Ok((r.get(0)?, r.get(1)?, r.get(2)?));
    Ok(if !code.is_empty() {
        conn.prepare_cached("SELECT id, clock, 1 FROM cells WHERE uscc = ?1 AND deleted = 0")?
            .query_map([code], row)?
            .collect::<rusqlite::Result<_>>()?
    } else {
        let Some(district) = refs.district(&d.district) else {
            return Ok(Vec::new());
        };
        conn.prepare_cached(
            "SELECT id, clock, uscc IS NOT NULL FROM cells
             WHERE name = ?1 AND district = ?2 AND deleted = 0",
        )?
        .query_map((d.name.trim(), &district), row)?
        .collect::<rusqlite::Result<_>>()?
    })
}

/// The live cell a draft's natural key names: its credit code, or else its name and
/// district; cells written in change set `clock` (this import's) are left out, and so are
/// keys the ledger had no cell of before the import (see [`Before`]).
fn existing(
    conn: &rusqlite::Connection,
    refs: &Refs,
    before: &Before,
    d: &CellDraft,
    clock: i64,
) -> Result<Option<Cell>> {
    let code = uscc::normalise(&d.uscc);
    let id: Option<crate::ids::CellId> = if !code.is_empty() {
        if !before.any_code {
            return Ok(None);
        }
        // The cell of this code and name; a second site of the same unit (a code shared
        // with a reason) is a new cell, any other row of the code is the one it names.
        let same_name: Option<crate::ids::CellId> = conn
            .prepare_cached(
                "SELECT id FROM cells WHERE uscc = ?1 AND name = ?2 AND deleted = 0
                 AND clock IS NOT ?3 LIMIT 1",
            )?
            .query_row((&code, d.name.trim(), clock), |r| r.get(0))
            .optional()?;
        match same_name {
            Some(id) => Some(id),
            None if !d.uscc_shared_reason.trim().is_empty() => None,
            None => conn
                .prepare_cached(
                    "SELECT id FROM cells WHERE uscc = ?1 AND deleted = 0 AND clock IS NOT ?2
                     LIMIT 1",
                )?
                .query_row((&code, clock), |r| r.get(0))
                .optional()?,
        }
    } else {
        let Some(district) = refs.district(&d.district) else {
            return Ok(None);
        };
        if !before.districts.contains(&district) {
            return Ok(None);
        }
        conn.prepare_cached(
            "SELECT id FROM cells WHERE name = ?1 AND district = ?2 AND deleted = 0
             AND clock IS NOT ?3 LIMIT 1",
        )?
        .query_row((d.name.trim(), &district, clock), |r| r.get(0))
        .optional()?
    };
    id.map(|id| super::get(conn, id)).transpose()
}
