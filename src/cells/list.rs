//! The cells list: filtered and paged in SQL, newest first, so that a page costs the same
//! with a hundred cells or a hundred thousand.

use rusqlite::{types::Value, Connection};
use serde::{Deserialize, Serialize};

use super::search::Lookup;
use super::{cell_from_row, Cell, SELECT_CELL};
use crate::error::Result;

/// What the list shows.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CellFilter {
    /// Text searched in the name, USCC, address, contact and manager.
    pub q: String,
    /// Kind key, or empty for all.
    pub kind: String,
    /// Division code, or empty for all.
    pub district: String,
    /// Status key, or empty for all.
    pub status: String,
    /// 1-based page number.
    pub page: u32,
    /// Rows per page (1–500; 0 means 50).
    pub page_size: u32,
}

/// One page of the list.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CellPage {
    /// The rows of this page.
    pub rows: Vec<Cell>,
    /// Rows matching the filter, over all pages.
    pub total: u64,
    /// This page's number (1-based).
    pub page: u32,
    /// Rows per page.
    pub page_size: u32,
}

/// One page of the cells that match `f`.
pub fn list(conn: &Connection, f: &CellFilter) -> Result<CellPage> {
    let page_size = match f.page_size {
        0 => 50,
        n => n.min(500),
    };
    let page = f.page.max(1);
    let mut conds = vec!["c.deleted = 0".to_string()];
    let mut args: Vec<Value> = Vec::new();
    let mut eq = |col: &str, v: &str, conds: &mut Vec<String>| {
        if !v.trim().is_empty() {
            args.push(Value::Text(v.trim().to_string()));
            conds.push(format!("{col} = ?{}", args.len()));
        }
    };
    eq("c.kind", &f.kind, &mut conds);
    eq("c.district", &f.district, &mut conds);
    eq("c.status", &f.status, &mut conds);
    let q = f.q.trim();
    let mut indexed = false;
    if !q.is_empty() {
        let pat = format!(
            "%{}%",
            q.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        // Chinese text is looked up in the index; other text is checked by LIKE (search.rs).
        let lookup = super::search::lookup(q);
        if let Some(Lookup::Exact(m) | Lookup::Candidates(m)) = &lookup {
            indexed = true;
            args.push(Value::Text(m.clone()));
            conds.push(format!(
                "c.id IN (SELECT cell FROM cells_fts WHERE cells_fts MATCH ?{})",
                args.len()
            ));
        }
        if !matches!(lookup, Some(Lookup::Exact(_))) {
            args.push(Value::Text(pat));
            let n = args.len();
            conds.push(format!(
                "(c.name LIKE ?{n} ESCAPE '\\' OR c.uscc LIKE ?{n} ESCAPE '\\' OR c.address LIKE ?{n} ESCAPE '\\'
                  OR c.contact LIKE ?{n} ESCAPE '\\' OR c.manager LIKE ?{n} ESCAPE '\\')"
            ));
        }
    }
    let wh = conds.join(" AND ");
    let offset = (page as u64 - 1) * page_size as u64;
    let params = rusqlite::params_from_iter(args.iter());
    let (total, rows) = if indexed {
        // The index gives the matches: read their ids once, count them and cut the page.
        let ids: Vec<Vec<u8>> = conn
            .prepare_cached(&format!(
                "SELECT c.id FROM cells c WHERE {wh} ORDER BY c.id DESC"
            ))?
            .query_map(params, |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let start = (offset as usize).min(ids.len());
        let end = (start + page_size as usize).min(ids.len());
        let page_ids = &ids[start..end];
        let marks = vec!["?"; page_ids.len()].join(", ");
        let rows = conn
            .prepare(&format!(
                "{SELECT_CELL} WHERE c.id IN ({marks}) ORDER BY c.id DESC"
            ))?
            .query_map(rusqlite::params_from_iter(page_ids), cell_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        (ids.len() as u64, rows)
    } else {
        let total: u64 = conn
            .prepare_cached(&format!("SELECT count(*) FROM cells c WHERE {wh}"))?
            .query_row(params, |r| r.get(0))?;
        let sql = format!(
            "{SELECT_CELL} WHERE c.id IN (SELECT c.id FROM cells c WHERE {wh} ORDER BY c.id DESC LIMIT {page_size} OFFSET {offset})
             ORDER BY c.id DESC"
        );
        let rows = conn
            .prepare_cached(&sql)?
            .query_map(rusqlite::params_from_iter(args.iter()), cell_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        (total, rows)
    };
    Ok(CellPage {
        rows,
        total,
        page,
        page_size,
    })
}
