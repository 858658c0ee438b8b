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
use crate::ids::CellId;
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

/// The checks of record rows, each written when good (see [`RowCheck`]).
pub struct RecordRows {
    cats: Vec<records::Category>,
    max_g: i64,
    seen: HashMap<(CellId, String, String), usize>,
    cells: HashMap<String, Option<CellId>>,
}

impl RecordRows {
    /// The checks, with the ledger's categories and limit.
    pub fn new(conn: &Connection) -> Result<Self> {
        Ok(RecordRows {
            cats: records::categories(conn)?,
            max_g: Limit::RecordKg.stored(conn, Unit::Kg)?,
            seen: HashMap::new(),
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
        if let Some(first) = self
            .seen
            .insert((id, month.clone(), category.clone()), line)
        {
            return Ok(Fate::Bad(vec![FieldError::new(
                Some(line),
                "month",
                Rule::DuplicateInFile,
                &[("other", &first.to_string())],
            )]));
        }
        // Records this import wrote are caught as duplicates above, so what is stored here
        // was in the ledger before.
        match stored(conn, id, &month, &category)? {
            Some(s) if s == q => Ok(Fate::Already),
            Some(_) => Ok(Fate::Bad(vec![FieldError::new(
                Some(line),
                "generated",
                Rule::ExistsDiffers,
                &[("value", &format!("{} {month} {category}", key))],
            )])),
            // A retired category takes no new records, from a file as from the grid.
            None => match self.cats.iter().find(|c| c.key == category && c.retired) {
                Some(c) => Ok(Fate::Bad(vec![FieldError::new(
                    Some(line),
                    "category",
                    Rule::RetiredCategory,
                    &[("value", &c.name_zh)],
                )])),
                None => {
                    records::put(
                        w,
                        id,
                        &ValidRecord {
                            month: &month,
                            category: &category,
                            q,
                        },
                    )?;
                    Ok(Fate::New)
                }
            },
        }
    }
}

/// The quantities stored for a cell, month and category, if any.
fn stored(
    conn: &Connection,
    cell: CellId,
    month: &str,
    category: &str,
) -> Result<Option<[i64; 5]>> {
    Ok(conn
        .prepare_cached(
            "SELECT generated_g, recycled_g, composted_g, incinerated_g, landfilled_g
             FROM cell_records WHERE cell_id = ?1 AND month = ?2 AND category = ?3 AND deleted = 0",
        )?
        .query_row((cell, month, category), |r| {
            Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?])
        })
        .optional()?)
}
