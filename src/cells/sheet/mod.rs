//! The month sheet (本月填报): one month's generated amounts of many cells on one grid — rows
//! are cells (filtered by reporting area or district, kind, or "not yet entered"), columns
//! are the live categories — so that a clerk types a month for dozens of cells without
//! opening each. Each row carries last month's values ("copy last month") and, per category,
//! the mass of one bin or bag where the cell or the category has one (entry by count).
//! Saving ([`save`]) checks every row by the rules of a monthly record and writes all of
//! them in one transaction, or nothing.

mod save;

use chrono::{Datelike, NaiveDate};
use rusqlite::{types::Value, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::records::{categories, check_month};
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::CellId;

pub use save::{save, SheetEntryInput, SheetRowInput, SheetSave, SheetSaved};

/// Rows per page of a sheet when none is asked for, and at most.
pub const PAGE_SIZE: u32 = 100;
const PAGE_MAX: u32 = 500;

/// Which cells a sheet shows, for which month.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetFilter {
    /// `YYYY-MM`: not in the future.
    pub month: String,
    /// A reporting area (code or name, 市本级 too) or a district (code or name); empty: all.
    pub area: String,
    /// A kind of cell (key or name); empty: all.
    pub kind: String,
    /// Only the cells with no record of the month yet (未填报).
    pub missing: bool,
    /// 1-based page.
    pub page: u32,
    /// Rows per page (0: [`PAGE_SIZE`]; at most 500).
    pub page_size: u32,
}

/// A column of the sheet: a live category.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetColumn {
    /// Category key.
    pub key: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// `bin` or `bag`: what a count of it means.
    pub container: String,
}

/// One category of one row: what is stored this month and last month, and the size of a bin.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetEntry {
    /// Category key.
    pub category: String,
    /// Generated this month (g), if a record is stored.
    pub generated_g: Option<i64>,
    /// The count it was typed as, if it was.
    pub count: Option<i64>,
    /// Recycled + composted + incinerated + landfilled of the stored record (g): the
    /// generated amount may not fall below it.
    pub outflow_g: i64,
    /// Generated last month (g), if stored.
    pub last_g: Option<i64>,
    /// Last month's count, if it was typed as one.
    pub last_count: Option<i64>,
    /// Grams in one bin or bag for this cell (its own, else the category's); `None`: this
    /// cell cannot enter the category by count.
    pub container_g: Option<i64>,
}

/// One row: a cell and its entries, in the order of the columns.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetRow {
    /// The row number as shown (1-based over the whole sheet, not the page).
    pub row: usize,
    /// The cell.
    pub cell_id: CellId,
    /// Its name.
    pub name: String,
    /// Kind, Chinese.
    pub kind_zh: String,
    /// Kind, English.
    pub kind_en: String,
    /// District code.
    pub district: String,
    /// District name.
    pub district_name: String,
    /// One per column.
    pub entries: Vec<SheetEntry>,
}

/// A month sheet.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Sheet {
    /// `YYYY-MM`.
    pub month: String,
    /// The month before (what "copy last month" copies).
    pub last_month: String,
    /// The columns.
    pub columns: Vec<SheetColumn>,
    /// The rows of this page.
    pub rows: Vec<SheetRow>,
    /// Rows over every page.
    pub total: u64,
    /// This page (1-based).
    pub page: u32,
    /// Rows per page.
    pub page_size: u32,
}

/// The month a sheet is for, checked: a real month from 2000 on and not in the future.
pub(crate) fn sheet_month(month: &str) -> Result<String> {
    check_month(month).map_err(|code| Error::field("month", code, &[("value", month.trim())]))
}

/// The month before `month` (`YYYY-MM`, already checked).
fn month_before(month: &str) -> String {
    let d = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .ok()
        .and_then(|d| d.pred_opt())
        .unwrap_or_default();
    format!("{:04}-{:02}", d.year(), d.month())
}

/// SQL over `cells c`: the day (`YYYY-MM-DD`, local) a revoked cell's naming was revoked —
/// the end of its last naming that ended as 撤销命名, else the day the cell last changed.
const REVOKED_ON: &str = "coalesce(
    (SELECT max(n.ended_on) FROM cell_namings n
     WHERE n.cell_id = c.id AND n.ended_as = 'revoked' AND n.deleted = 0),
    date(c.updated_at / 1000, 'unixepoch', 'localtime'))";

/// Which cells take monthly figures for a month (the lifecycle of DOMAIN.md): every status
/// from 计划创建 to 已命名 does — a planned cell gathers its baseline, a cell in creation
/// shows its progress, a named one is watched for its re-assessment (dynamic management) —
/// but a cell whose naming was revoked (撤销命名) has left the programme: it takes no figures
/// for the months after the one it was revoked in, while those up to it stay visible and
/// editable. A revoked cell that starts again (back to 计划创建 or 创建中) takes figures again.
/// Deleted cells take none. Returns the day of revocation when `cell` takes none for `month`.
pub(crate) fn stopped_on(conn: &Connection, cell: CellId, month: &str) -> Result<Option<String>> {
    let on: Option<String> = conn
        .query_row(
            &format!("SELECT {REVOKED_ON} FROM cells c WHERE c.id = ?1 AND c.status = 'revoked'"),
            [cell],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    Ok(on.filter(|d| d.get(..7).is_some_and(|m| m < month)))
}

/// The month after `month` (`YYYY-MM`, already checked).
fn month_after(month: &str) -> String {
    let d = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .ok()
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
        .unwrap_or_default();
    format!("{:04}-{:02}", d.year(), d.month())
}

/// The refusal of figures for a cell that takes none that month ([`stopped_on`]).
pub(crate) fn stopped(row: usize, cell: &str, on: &str) -> FieldError {
    let from = month_after(on.get(..7).unwrap_or(on));
    FieldError::new(
        Some(row),
        "cell",
        Rule::CellStopped,
        &[("cell", cell), ("on", on), ("from", &from)],
    )
}

/// The conditions (SQL over `cells c`) and arguments of a filter.
fn conditions(conn: &Connection, f: &SheetFilter, month: &str) -> Result<(String, Vec<Value>)> {
    let mut args = vec![Value::Text(month.to_string())];
    // Only the cells that take figures this month (see `stopped_on`).
    let mut conds = vec![
        "c.deleted = 0".to_string(),
        format!("(c.status <> 'revoked' OR substr({REVOKED_ON}, 1, 7) >= ?1)"),
    ];
    let kind = f.kind.trim();
    if !kind.is_empty() {
        let Some(k) = crate::profile::find_kind(conn, kind)? else {
            return Err(Error::field("kind", Rule::UnknownKind, &[("value", kind)]));
        };
        args.push(Value::Text(k.key));
        conds.push(format!("c.kind = ?{}", args.len()));
    }
    let area = f.area.trim();
    if !area.is_empty() {
        if let Some(code) = crate::areas::resolve(conn, area)? {
            args.push(Value::Text(code));
            conds.push(format!(
                "coalesce((SELECT p.area FROM cell_places p WHERE p.cell_id = c.id AND p.deleted = 0),
                          (SELECT rad.area FROM reporting_area_districts rad
                           WHERE rad.district = c.district AND rad.deleted = 0)) = ?{}",
                args.len()
            ));
        } else if let Some(code) = crate::profile::resolve_district(conn, area)? {
            args.push(Value::Text(code));
            conds.push(format!("c.district = ?{}", args.len()));
        } else {
            return Err(Error::field("area", Rule::UnknownArea, &[("value", area)]));
        }
    }
    if f.missing {
        args.push(Value::Text(month.to_string()));
        conds.push(format!(
            "NOT EXISTS (SELECT 1 FROM cell_records r
                         WHERE r.cell_id = c.id AND r.month = ?{} AND r.deleted = 0)",
            args.len()
        ));
    }
    Ok((conds.join(" AND "), args))
}

/// Loads a month sheet: the cells that match `f` (by district, then name), their values of
/// the month and of the month before, and their bin or bag sizes. A month that cannot be
/// read, or one in the future, is refused.
pub fn load(conn: &Connection, f: &SheetFilter) -> Result<Sheet> {
    let month = sheet_month(&f.month)?;
    let last_month = month_before(&month);
    let page_size = match f.page_size {
        0 => PAGE_SIZE,
        n => n.min(PAGE_MAX),
    };
    let page = f.page.max(1);
    let (wh, args) = conditions(conn, f, &month)?;
    let total: u64 = conn
        .prepare(&format!("SELECT count(*) FROM cells c WHERE {wh}"))?
        .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
    let offset = u64::from(page - 1) * u64::from(page_size);
    let cats: Vec<_> = categories(conn)?
        .into_iter()
        .filter(|c| !c.retired)
        .collect();
    let columns = cats
        .iter()
        .map(|c| SheetColumn {
            key: c.key.clone(),
            name_zh: c.name_zh.clone(),
            name_en: c.name_en.clone(),
            container: c.container.clone(),
        })
        .collect();
    let heads: Vec<(CellId, String, String, String, String, String)> = conn
        .prepare(&format!(
            "SELECT c.id, c.name, k.name_zh, k.name_en, coalesce(d.name, c.district), c.district
             FROM cells c JOIN cell_kinds k ON k.key = c.kind
             LEFT JOIN districts d ON d.code = c.district
             WHERE {wh} ORDER BY c.district, c.name, c.id LIMIT {page_size} OFFSET {offset}"
        ))?
        .query_map(rusqlite::params_from_iter(args.iter()), |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut rows = Vec::with_capacity(heads.len());
    for (i, (id, name, kind_zh, kind_en, district_name, district)) in heads.into_iter().enumerate()
    {
        let mut entries: Vec<SheetEntry> = cats
            .iter()
            .map(|c| SheetEntry {
                category: c.key.clone(),
                container_g: c.container_g,
                ..SheetEntry::default()
            })
            .collect();
        for s in super::activity::container_sizes(conn, id)? {
            if let Some(e) = entries.iter_mut().find(|e| e.category == s.category) {
                e.container_g = s.container_g;
            }
        }
        for (m, this) in [(&month, true), (&last_month, false)] {
            for (cat, g, outflow, count) in stored(conn, id, m)? {
                let Some(e) = entries.iter_mut().find(|e| e.category == cat) else {
                    continue;
                };
                if this {
                    (e.generated_g, e.count, e.outflow_g) = (Some(g), count, outflow);
                } else {
                    (e.last_g, e.last_count) = (Some(g), count);
                }
            }
        }
        rows.push(SheetRow {
            row: offset as usize + i + 1,
            cell_id: id,
            name,
            kind_zh,
            kind_en,
            district,
            district_name,
            entries,
        });
    }
    Ok(Sheet {
        month,
        last_month,
        columns,
        rows,
        total,
        page,
        page_size,
    })
}

/// A stored record as the sheet shows it: category, generated, outflow (g) and count.
type StoredEntry = (String, i64, i64, Option<i64>);

/// The live records of a cell's month.
fn stored(conn: &Connection, cell: CellId, month: &str) -> Result<Vec<StoredEntry>> {
    let mut st = conn.prepare_cached(
        "SELECT r.category, r.generated_g,
                r.recycled_g + r.composted_g + r.incinerated_g + r.landfilled_g, n.count
         FROM cell_records r
         LEFT JOIN cell_record_counts n ON n.cell_id = r.cell_id AND n.month = r.month
              AND n.category = r.category AND n.deleted = 0
         WHERE r.cell_id = ?1 AND r.month = ?2 AND r.deleted = 0",
    )?;
    let rows = st.query_map((cell, month), |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A refusal of one entry of a sheet: at the row as shown, in the category's column (field
/// `<category>:<field>`), its message naming the cell and the category.
fn at_entry(e: FieldError, row: usize, cell: &str, cat: (&str, &str, &str)) -> FieldError {
    FieldError {
        row: Some(row),
        field: format!("{}:{}", cat.0, e.field),
        message_zh: format!("{cell}，{}：{}", cat.1, e.message_zh),
        message_en: format!("{cell}, {}: {}", cat.2, e.message_en),
        ..e
    }
}
