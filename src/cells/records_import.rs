//! Importing monthly records (月度填报) of many cells from a CSV or XLSX file, as district
//! offices collect them. All or nothing, like the cells import: every row is checked by the
//! rules of a monthly record ([`records::validate`]), every bad row and field is reported,
//! and nothing is written unless the whole file is good. Idempotent: a file imported before
//! writes nothing; a row whose cell, month and category already hold the same quantities is
//! counted as already imported; other quantities there are refused (changing a stored
//! month is a step of its own, in the grid or `zwl record add`).

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Connection, OptionalExtension};

use super::records::{self, RecordInput, ValidRecord};
use crate::csv_file::{Imported, Row};
use crate::db::Ledger;
use crate::db::Writer;
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::{CellId, RecordId};
use crate::import_earlier::Earlier;
use crate::import_preview::ImportKind;
use crate::import_run::{self, Fate, RowCheck};
use crate::units::{Limit, Unit};

/// The columns: key and heading. The headings of an exported record list (with their unit)
/// are read too.
pub const COLUMNS: &[(&str, &str)] = &[
    ("cell", "细胞"),
    ("cell", "名称"),
    ("month", "月份"),
    ("category", "类别"),
    ("generated", "产生量"),
    ("generated", "产生量（千克）"),
    ("recycled", "回收利用量"),
    ("recycled", "回收利用量（千克）"),
    ("composted", "堆肥/厨余处理量"),
    ("composted", "堆肥/厨余处理量（千克）"),
    ("incinerated", "焚烧量"),
    ("incinerated", "焚烧量（千克）"),
    ("landfilled", "填埋量"),
    ("landfilled", "填埋量（千克）"),
];

/// A row of the file: its row number, the cell as named, and the record.
pub type RecordRow = (usize, String, RecordInput);

/// The rows of a file's bytes, CSV or a spreadsheet (a month column of dates reads as
/// `YYYY-MM`).
pub fn read(bytes: &[u8]) -> Result<Vec<Row>> {
    crate::xlsx_file::read_rows(
        bytes,
        COLUMNS,
        &["cell", "month", "category", "generated"],
        &["month"],
    )
}

/// The record of a row read from a file: the cell as named, and the record.
pub fn draft(r: &Row) -> (String, RecordInput) {
    let input = RecordInput {
        month: r.get("month"),
        category: r.get("category"),
        generated: r.get("generated"),
        recycled: r.get("recycled"),
        composted: r.get("composted"),
        incinerated: r.get("incinerated"),
        landfilled: r.get("landfilled"),
        // Files give kilograms; entry by bins is the window's and the CLI's.
        bins: String::new(),
    };
    (r.get("cell"), input)
}

/// Imports the records of a file. A file imported before (the same bytes) writes nothing
/// and says when it was imported.
pub fn import_file(ledger: &mut Ledger, path: &Path) -> Result<Imported> {
    import_run::import(ledger, ImportKind::Records, path, &mut |_| {})
}

/// The checks of record rows, each written when good (see [`RowCheck`]). Nothing is kept per
/// row: whether an earlier row of the file gave the same cell, month and category is asked of
/// the ledger, which holds the records this import wrote (each with its line in its id) and,
/// in a temporary table, the keys of rows that wrote nothing new (see [`Earlier`]).
pub struct RecordRows {
    cats: Vec<records::Category>,
    max_g: i64,
    earlier: Earlier,
    /// The cells named so far, by the file's text (at most [`CELLS_KEPT`], then afresh).
    cells: HashMap<String, Option<CellId>>,
}

/// The most cell names the import keeps found.
const CELLS_KEPT: usize = 10_000;

impl RecordRows {
    /// The checks, with the ledger's categories and limit.
    pub fn new(conn: &Connection) -> Result<Self> {
        Ok(RecordRows {
            cats: records::categories(conn)?,
            max_g: Limit::RecordKg.stored(conn, Unit::Kg)?,
            earlier: Earlier::new(),
            cells: HashMap::new(),
        })
    }
}

impl RowCheck for RecordRows {
    fn row(&mut self, w: &mut Writer<'_>, r: &Row) -> Result<Fate> {
        let (cell, input) = draft(r);
        let line = r.line;
        let conn = w.tx();
        let key = cell.trim().to_string();
        let id = match self.cells.get(&key) {
            Some(id) => *id,
            None => {
                let id = if key.is_empty() {
                    None
                } else {
                    match super::find(conn, &key) {
                        Ok(c) => Some(c.id),
                        Err(Error::NotFound { .. }) => None,
                        Err(e) => return Err(e),
                    }
                };
                if self.cells.len() >= CELLS_KEPT {
                    self.cells.clear();
                }
                self.cells.insert(key.clone(), id);
                id
            }
        };
        let mut errs = Vec::new();
        if id.is_none() {
            let code = if key.is_empty() {
                "required"
            } else {
                "unknown_value"
            };
            errs.push(FieldError::new(
                Some(line),
                "cell",
                code,
                &[("value", &key)],
            ));
        }
        let checked = records::validate(&self.cats, &[], &input, Some(line), self.max_g, &mut errs);
        let (
            Some(id),
            Some(records::Checked {
                month, category, q, ..
            }),
            true,
        ) = (id, checked, errs.is_empty())
        else {
            return Ok(Fate::Bad(errs));
        };
        let conn = w.tx();
        let stored = stored(conn, id, &month, &category)?;
        let retired = self.cats.iter().find(|c| c.key == category && c.retired);
        // An earlier row of the same cell, month and category: the one that wrote the record
        // (its line in the id), or one noted for having written nothing new.
        let noted = format!("{id}\u{0}{month}\u{0}{category}");
        let mut first = None;
        if let Some(s) = &stored {
            if s.clock == w.clock() && !s.deleted {
                first = self.earlier.line_of(s.id.as_bytes());
            }
        }
        if first.is_none() && (stored.is_some() || retired.is_some()) {
            first = self.earlier.named_before(conn, &noted)?;
        }
        if let Some(first) = first {
            return Ok(Fate::Bad(vec![FieldError::new(
                Some(line),
                "month",
                Rule::DuplicateInFile,
                &[("other", &first.to_string())],
            )]));
        }
        // A row that writes no record of its own, or revives one deleted before (which keeps
        // its id), is noted.
        if stored.is_some() || retired.is_some() {
            self.earlier.note(conn, &noted, line)?;
        }
        let live = stored.filter(|s| !s.deleted);
        match (live, retired) {
            (Some(s), _) if s.q == q => Ok(Fate::Already),
            (Some(_), _) => Ok(Fate::Bad(vec![FieldError::new(
                Some(line),
                "generated",
                Rule::ExistsDiffers,
                &[("value", &format!("{} {month} {category}", key))],
            )])),
            // A retired category takes no new records, from a file as from the grid.
            (None, Some(c)) => Ok(Fate::Bad(vec![FieldError::new(
                Some(line),
                "category",
                Rule::RetiredCategory,
                &[("value", &c.name_zh)],
            )])),
            (None, None) => {
                let new_id = RecordId(self.earlier.id(line));
                records::put_as(
                    w,
                    id,
                    &ValidRecord {
                        month: &month,
                        category: &category,
                        q,
                    },
                    Some(new_id),
                )?;
                Ok(Fate::New)
            }
        }
    }

    fn finish(&mut self, w: &mut Writer<'_>) -> Result<()> {
        self.earlier.finish(w.tx())
    }
}

/// The record of a cell, month and category (live or deleted).
struct Stored {
    id: RecordId,
    clock: i64,
    deleted: bool,
    q: [i64; 5],
}

/// The record stored for a cell, month and category, if any (deleted too).
fn stored(conn: &Connection, cell: CellId, month: &str, category: &str) -> Result<Option<Stored>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, clock, deleted, generated_g, recycled_g, composted_g, incinerated_g,
                landfilled_g
             FROM cell_records WHERE cell_id = ?1 AND month = ?2 AND category = ?3",
        )?
        .query_row((cell, month, category), |r| {
            Ok(Stored {
                id: r.get(0)?,
                clock: r.get(1)?,
                deleted: r.get(2)?,
                q: [r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?],
            })
        })
        .optional()?)
}
