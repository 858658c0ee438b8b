//! Saving a month sheet: every row checked by the rules of a monthly record, then every row
//! written in one transaction through `Ledger::write`, or nothing. Refusals name the row as
//! shown, the cell, the category and the field.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{at_entry, sheet_month, stopped, stopped_on};
use crate::cells::categories::find_category;
use crate::cells::counts::put_count;
use crate::cells::records::{self, categories, RecordInput, ValidRecord};
use crate::db::Ledger;
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::CellId;
use crate::units::{format_kg, Limit, Unit};

/// A sheet as the clerk typed it: the month and the rows.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetSave {
    /// `YYYY-MM`.
    pub month: String,
    /// The rows (only those typed in need be sent).
    pub rows: Vec<SheetRowInput>,
}

/// One row as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetRowInput {
    /// The row number as shown, which refusals name (0: its place in `rows`, from 1).
    pub row: usize,
    /// The cell: id, credit code or exact name.
    pub cell: String,
    /// Its categories as typed.
    pub entries: Vec<SheetEntryInput>,
}

/// One category of a row: generated kilograms, or a count of bins or bags (one of them).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetEntryInput {
    /// Category key or name.
    pub category: String,
    /// 产生量 (kg).
    pub generated: String,
    /// 产生量 as a number of bins or bags.
    pub bins: String,
}

/// What a saved sheet changed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetSaved {
    /// `YYYY-MM`.
    pub month: String,
    /// Records written (new or changed).
    pub changed: usize,
    /// Rows with at least one record written.
    pub rows: usize,
}

/// A checked entry, ready to write.
struct Valid {
    cell: CellId,
    category: String,
    q: [i64; 5],
    counted: Option<records::Counted>,
}

/// Saves a month sheet in one transaction: every row is checked first by the rules of a
/// monthly record (the same as the cell page's grid), and nothing is written if any entry is
/// refused. The month is checked before anything else, so that even a sheet with nothing
/// typed never passes with a month that cannot be read or lies in the future. An entry left
/// empty writes nothing; emptying a stored one is refused (deleting is its own step). Only
/// the generated amount is typed here: a stored record keeps its recycled, composted,
/// incinerated and landfilled amounts, and the generated amount may not fall below them.
pub fn save(ledger: &mut Ledger, sheet: &SheetSave) -> Result<SheetSaved> {
    ledger.write(|w| {
        let month = sheet_month(&sheet.month)?;
        let cats = categories(w.tx())?;
        let max_g = Limit::RecordKg.stored(w.tx(), Unit::Kg)?;
        let mut errs = Vec::new();
        let mut valid: Vec<(usize, Valid)> = Vec::new();
        let mut seen: HashMap<CellId, usize> = HashMap::new();
        for (i, r) in sheet.rows.iter().enumerate() {
            let row = if r.row > 0 { r.row } else { i + 1 };
            let cell = match crate::cells::find(w.tx(), &r.cell) {
                Ok(c) => c,
                Err(Error::NotFound { .. }) => {
                    let code = if r.cell.trim().is_empty() {
                        Rule::Required
                    } else {
                        Rule::UnknownValue
                    };
                    errs.push(FieldError::new(
                        Some(row),
                        "cell",
                        code,
                        &[("value", r.cell.trim())],
                    ));
                    continue;
                }
                Err(e) => return Err(e),
            };
            if let Some(first) = seen.insert(cell.id, row) {
                errs.push(FieldError::new(
                    Some(row),
                    "cell",
                    Rule::DuplicateInFile,
                    &[("other", &first.to_string())],
                ));
                continue;
            }
            let typed_any = r
                .entries
                .iter()
                .any(|e| !e.generated.trim().is_empty() || !e.bins.trim().is_empty());
            if typed_any {
                if let Some(on) = stopped_on(w.tx(), cell.id, &month)? {
                    errs.push(stopped(row, &cell.name, &on));
                    continue;
                }
            }
            let sizes = crate::cells::activity::container_sizes(w.tx(), cell.id)?;
            let mut typed: HashSet<&str> = HashSet::new();
            for e in &r.entries {
                let Some(cat) = find_category(&cats, &e.category) else {
                    errs.push(FieldError::new(
                        Some(row),
                        "category",
                        Rule::UnknownCategory,
                        &[("value", e.category.trim())],
                    ));
                    continue;
                };
                let names = (cat.key.as_str(), cat.name_zh.as_str(), cat.name_en.as_str());
                let place = |e: FieldError| at_entry(e, row, &cell.name, names);
                if !typed.insert(&cat.key) {
                    errs.push(place(FieldError::new(
                        Some(row),
                        "generated",
                        Rule::DuplicateInFile,
                        &[("other", &row.to_string())],
                    )));
                    continue;
                }
                let existing = stored(w.tx(), cell.id, &month, &cat.key)?;
                if e.generated.trim().is_empty() && e.bins.trim().is_empty() {
                    if existing.is_some() {
                        errs.push(place(FieldError::new(
                            Some(row),
                            "generated",
                            Rule::ClearedRecord,
                            &[],
                        )));
                    }
                    continue;
                }
                let input = RecordInput {
                    month: month.clone(),
                    category: cat.key.clone(),
                    generated: e.generated.clone(),
                    bins: e.bins.clone(),
                    ..RecordInput::default()
                };
                let mut found = Vec::new();
                let checked =
                    records::validate(&cats, &sizes, &input, Some(row), max_g, &mut found);
                errs.extend(found.into_iter().map(place));
                let Some(mut v) = checked else { continue };
                if let Some(q) = existing {
                    v.q[1..].copy_from_slice(&q[1..]);
                    let outflow: i64 = q[1..].iter().sum();
                    if outflow > v.q[0] {
                        let by = if e.bins.trim().is_empty() {
                            "generated"
                        } else {
                            "bins"
                        };
                        errs.push(place(FieldError::new(
                            Some(row),
                            by,
                            "outflow_exceeds",
                            &[
                                ("outflow", &format_kg(outflow)),
                                ("generated", &format_kg(v.q[0])),
                            ],
                        )));
                        continue;
                    }
                } else if cat.retired {
                    errs.push(place(FieldError::new(
                        Some(row),
                        "category",
                        Rule::RetiredCategory,
                        &[("value", &cat.name_zh)],
                    )));
                    continue;
                }
                valid.push((
                    row,
                    Valid {
                        cell: cell.id,
                        category: cat.key.clone(),
                        q: v.q,
                        counted: v.counted,
                    },
                ));
            }
        }
        if !errs.is_empty() {
            errs.sort_by_key(|e| e.row);
            return Err(Error::Invalid(errs));
        }
        let mut changed = 0;
        let mut rows_changed = HashSet::new();
        for (row, v) in &valid {
            let rec = ValidRecord {
                month: &month,
                category: &v.category,
                q: v.q,
            };
            let wrote = records::put(w, v.cell, &rec)?;
            let counted = put_count(w, v.cell, &month, &v.category, v.counted, v.q[0])?;
            if wrote || counted {
                changed += 1;
                rows_changed.insert(*row);
            }
        }
        Ok(SheetSaved {
            month: month.clone(),
            changed,
            rows: rows_changed.len(),
        })
    })
}

/// The quantities of a cell's live record of a month and category, if there is one.
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
