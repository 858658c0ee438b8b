//! A cell's history (变更历史) as the cell page shows it: the cell's own changes and those of
//! its monthly records, each with the columns it changed before and after, newest first.

use rusqlite::Connection;
use serde::Serialize;

use crate::audit::{self, LoggedChange};
use crate::error::Result;
use crate::ids::CellId;

/// One change of a cell or of one of its monthly records.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CellChange {
    /// `cells` or `cell_records`.
    pub table: String,
    /// For a record, its month and category key (`2025-03`, `recyclable`); empty for the cell.
    pub month: String,
    /// See `month`.
    pub category: String,
    /// The change, with its columns before and after.
    pub change: LoggedChange,
}

/// The changes of a cell and of its monthly records (deleted ones included), newest first.
pub fn history(conn: &Connection, id: CellId) -> Result<Vec<CellChange>> {
    let mut out: Vec<CellChange> = audit::history(conn, "cells", id.as_bytes())?
        .into_iter()
        .map(|change| CellChange {
            table: "cells".into(),
            month: String::new(),
            category: String::new(),
            change,
        })
        .collect();
    let records: Vec<(Vec<u8>, String, String)> = conn
        .prepare("SELECT id, month, category FROM cell_records WHERE cell_id = ?1")?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (rid, month, category) in records {
        // Read by the table's key: a record's id is not indexed.
        let current = || {
            audit::state_where(
                conn,
                "cell_records",
                "cell_id = ?1 AND month = ?2 AND category = ?3",
                rusqlite::params![id, month, category],
            )
        };
        for change in audit::history::history_with(conn, "cell_records", &rid, current)? {
            out.push(CellChange {
                table: "cell_records".into(),
                month: month.clone(),
                category: category.clone(),
                change,
            });
        }
    }
    out.sort_by_key(|c| std::cmp::Reverse(c.change.seq));
    Ok(out)
}
