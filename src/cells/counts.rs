//! Records typed as a number of bins or bags (按桶/袋录入): converted to grams at entry with
//! the cell's own mass of one (or the category's default), the count and the factor kept
//! beside the record (cell_record_counts) so that its kilograms can be explained.

use rusqlite::OptionalExtension;

use super::categories::Category;
use super::records::RecordInput;
use crate::db::Writer;
use crate::error::{FieldError, Result, Rule};
use crate::ids::CellId;

/// A record typed as bins or bags: how many, of what, and the mass of one as it was then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    /// Bins or bags.
    pub count: i64,
    /// `bin` or `bag`.
    pub container: &'static str,
    /// Grams in one.
    pub container_g: i64,
}

/// Checks a number of bins or bags as typed (a whole number from 1 to 1,000,000), adding
/// its refusal to `errs`; the count when it is one.
pub fn check_count(typed: &str, row: Option<usize>, errs: &mut Vec<FieldError>) -> Option<i64> {
    let text = typed.trim();
    match text.parse::<i64>() {
        Ok(n) if n > 0 && n <= 1_000_000 => Some(n),
        _ => {
            errs.push(FieldError::new(
                row,
                "bins",
                Rule::BadCount,
                &[("value", text)],
            ));
            None
        }
    }
}

pub(super) fn bins(
    cats: &[Category],
    category: &Option<String>,
    input: &RecordInput,
    row: Option<usize>,
    errs: &mut Vec<FieldError>,
    sizes: &[super::activity::ContainerSize],
) -> Option<Counted> {
    let count = check_count(&input.bins, row, errs)?;
    let cat = cats.iter().find(|c| Some(&c.key) == category.as_ref())?;
    let size = sizes.iter().find(|s| s.category == cat.key);
    match size.and_then(|s| s.container_g).or(cat.container_g) {
        Some(g) => Some(Counted {
            count,
            container: if cat.container == "bag" { "bag" } else { "bin" },
            container_g: g,
        }),
        None => {
            errs.push(FieldError::new(
                row,
                "bins",
                Rule::NoContainerSize,
                &[("category", &cat.name_zh), ("category_en", &cat.name_en)],
            ));
            None
        }
    }
}

/// Keeps the count a record was typed as, or removes it when the record was typed in kg to
/// another amount (the same kilograms again, as a grid re-saves them, keep their count).
pub(super) fn put_count(
    w: &mut Writer<'_>,
    cell: CellId,
    month: &str,
    category: &str,
    counted: Option<Counted>,
    generated_g: i64,
) -> Result<bool> {
    let existing: Option<(crate::ids::RefId, i64, String, i64, bool)> = w
        .tx()
        .query_row(
            "SELECT id, count, container, container_g, deleted FROM cell_record_counts
             WHERE cell_id = ?1 AND month = ?2 AND category = ?3",
            (cell, month, category),
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    match (existing, counted) {
        (None, None) | (Some((_, _, _, _, true)), None) => Ok(false),
        (Some((_, n, _, g, false)), None) if n * g == generated_g => Ok(false),
        (Some((_, n, c, g, false)), Some(k))
            if n == k.count && c == k.container && g == k.container_g =>
        {
            Ok(false)
        }
        (Some((id, ..)), k) => {
            let before = w.snapshot("cell_record_counts", id.as_bytes())?;
            w.tx().execute(
                "UPDATE cell_record_counts SET count = coalesce(?2, count),
                     container = coalesce(?3, container), container_g = coalesce(?4, container_g),
                     deleted = ?5, updated_at = ?6, origin = ?7, clock = ?8 WHERE id = ?1",
                rusqlite::params![
                    id,
                    k.map(|k| k.count),
                    k.map(|k| k.container),
                    k.map(|k| k.container_g),
                    k.is_none(),
                    w.now_ms(),
                    w.origin(),
                    w.clock()
                ],
            )?;
            w.log("cell_record_counts", id.as_bytes(), before, None)?;
            Ok(true)
        }
        (None, Some(k)) => {
            let id = crate::ids::RefId::new();
            w.tx().execute(
                "INSERT INTO cell_record_counts (id, cell_id, month, category, count, container,
                     container_g, created_at, updated_at, origin, clock)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10)",
                rusqlite::params![
                    id,
                    cell,
                    month,
                    category,
                    k.count,
                    k.container,
                    k.container_g,
                    w.now_ms(),
                    w.origin(),
                    w.clock()
                ],
            )?;
            w.log("cell_record_counts", id.as_bytes(), None, None)?;
            Ok(true)
        }
    }
}
