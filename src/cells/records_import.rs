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
use crate::csv_file::{self, Imported, Row};
use crate::db::Ledger;
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::CellId;
use crate::import_preview::Outcome;
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

/// The records of rows read from a file.
pub fn drafts(rows: Vec<Row>) -> Vec<RecordRow> {
    rows.into_iter()
        .map(|r| {
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
            (r.line, r.get("cell"), input)
        })
        .collect()
}

/// Imports the records of a file. A file imported before (the same bytes) writes nothing
/// and says when it was imported.
pub fn import_file(ledger: &mut Ledger, path: &Path) -> Result<Imported> {
    let bytes = std::fs::read(path)?;
    let hash = csv_file::file_hash(&bytes);
    if let Some(at) = csv_file::imported_before(ledger.conn(), "records", &hash)? {
        return Ok(Imported::before(at));
    }
    let rows = drafts(read(&bytes)?);
    import_rows(ledger, &rows, Some(&hash))
}

/// Imports records already read (see [`import_file`]); `hash` is the file's.
pub fn import_rows(
    ledger: &mut Ledger,
    rows: &[RecordRow],
    hash: Option<&str>,
) -> Result<Imported> {
    ledger.write(|w| {
        let (valid, out) = check(w.tx(), rows)?;
        if !out.errs.is_empty() {
            return Err(csv_file::rejected(out.errs));
        }
        for (cell, month, category, q) in &valid {
            records::put(
                w,
                *cell,
                &ValidRecord {
                    month,
                    category,
                    q: *q,
                },
            )?;
        }
        if let (Some(h), false) = (hash, valid.is_empty()) {
            csv_file::remember(w, "records", h)?;
        }
        Ok(Imported {
            added: valid.len(),
            already: out.already.len(),
            imported_before: None,
        })
    })
}

/// A checked record: cell, month, category key, quantities in grams.
pub type Checked = (CellId, String, String, [i64; 5]);

/// Checks every row as the import does, without writing: the records to write, and which
/// rows are already in the ledger or refused.
pub fn check(conn: &Connection, rows: &[RecordRow]) -> Result<(Vec<Checked>, Outcome)> {
    let cats = records::categories(conn)?;
    let max_g = Limit::RecordKg.stored(conn, Unit::Kg)?;
    let mut errs = Vec::new();
    let mut valid = Vec::new();
    let mut already = Vec::new();
    let mut seen: HashMap<(CellId, String, String), usize> = HashMap::new();
    let mut cells: HashMap<String, Option<CellId>> = HashMap::new();
    for (line, cell, input) in rows {
        let key = cell.trim().to_string();
        let id = match cells.get(&key) {
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
                cells.insert(key.clone(), id);
                id
            }
        };
        let before = errs.len();
        if id.is_none() {
            let code = if key.is_empty() {
                "required"
            } else {
                "unknown_value"
            };
            errs.push(FieldError::new(
                Some(*line),
                "cell",
                code,
                &[("value", &key)],
            ));
        }
        let checked = records::validate(&cats, &[], input, Some(*line), max_g, &mut errs);
        let (
            Some(id),
            Some(records::Checked {
                month, category, q, ..
            }),
        ) = (id, checked)
        else {
            continue;
        };
        if errs.len() > before {
            continue;
        }
        if let Some(first) = seen.insert((id, month.clone(), category.clone()), *line) {
            errs.push(FieldError::new(
                Some(*line),
                "month",
                Rule::DuplicateInFile,
                &[("other", &first.to_string())],
            ));
            continue;
        }
        match stored(conn, id, &month, &category)? {
            Some(s) if s == q => already.push(*line),
            Some(_) => errs.push(FieldError::new(
                Some(*line),
                "generated",
                Rule::ExistsDiffers,
                &[("value", &format!("{} {month} {category}", key))],
            )),
            // A retired category takes no new records, from a file as from the grid.
            None => match cats.iter().find(|c| c.key == category && c.retired) {
                Some(c) => errs.push(FieldError::new(
                    Some(*line),
                    "category",
                    Rule::RetiredCategory,
                    &[("value", &c.name_zh)],
                )),
                None => valid.push((id, month, category, q)),
            },
        }
    }
    Ok((valid, Outcome { already, errs }))
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
