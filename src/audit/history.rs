//! A row's history (变更历史): each change with the whole row before and after it, rebuilt
//! from the entries (which keep only what changed) and the row itself.

use rusqlite::types::Value as Sql;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::Value;

use super::images::{self, Columns, Delta};
use crate::error::Result;

/// One change-log entry as read back.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LoggedChange {
    /// Sequence number.
    pub seq: i64,
    /// UTC time.
    pub at: String,
    /// Who.
    pub operator: String,
    /// `insert`, `update`, `delete`.
    pub action: String,
    /// Row before.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown> | null"))]
    pub before: Option<Value>,
    /// Row after.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown> | null"))]
    pub after: Option<Value>,
    /// Reason given.
    pub reason: Option<String>,
    /// The columns it changed, with their values before and after (bookkeeping left out).
    pub changes: Vec<ColumnChange>,
}

/// One column a change changed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ColumnChange {
    /// The column.
    pub column: String,
    /// Its name in Chinese (the column itself when it has none).
    pub label_zh: String,
    /// Its name in English.
    pub label_en: String,
    /// The value before (null for a new row).
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub before: Value,
    /// The value after.
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub after: Value,
}

/// Fills a change's [`ColumnChange`]s from its images.
fn with_changes(mut e: LoggedChange) -> LoggedChange {
    e.changes = changed_columns(&e)
        .into_iter()
        .filter(|(column, _, _)| {
            let noise = ["created_at", "deleted", "id", "cell_id"].contains(&column.as_str());
            !noise || (e.before.is_some() && column == "deleted")
        })
        .map(|(column, before, after)| {
            let (zh, en) = crate::error::field_names(&column);
            ColumnChange {
                label_zh: zh.to_string(),
                label_en: en.to_string(),
                column,
                before,
                after,
            }
        })
        .collect();
    e
}

/// A row's values by column, in the order first seen.
type Row = Vec<(String, Sql)>;

fn set(row: &mut Row, col: &str, v: &Sql) {
    match row.iter_mut().find(|(n, _)| n == col) {
        Some(slot) => slot.1 = v.clone(),
        None => row.push((col.to_string(), v.clone())),
    }
}

fn json(row: &Row) -> Value {
    images::to_json(row.iter().map(|(n, v)| (n.as_str(), v)))
}

/// One entry of a row, read back.
pub(crate) struct RowEntry {
    pub seq: i64,
    pub at: String,
    pub operator: String,
    pub action: String,
    pub delta: Delta,
    pub reason: Option<String>,
}

/// The row as it was before `delta` (a change's values before), from the row after it.
pub(crate) fn undo(after: &[(String, Sql)], delta: &Delta) -> Row {
    let mut row = after.to_vec();
    for (col, vals) in delta {
        if let [before, _] = vals.as_slice() {
            set(&mut row, col, before);
        }
    }
    row
}

fn redo(before: &Row, delta: &Delta, insert: bool) -> Row {
    let mut row = before.clone();
    for (col, vals) in delta {
        match (insert, vals.as_slice()) {
            (true, [v]) | (false, [_, v]) => set(&mut row, col, v),
            _ => {}
        }
    }
    row
}

/// The history of one row, oldest first, each change with the whole row before and after.
/// A row that a bulk insert created begins with that insert, its image the row as it was
/// then (the row as it is, with its later changes undone).
pub fn history(conn: &Connection, table: &str, id: &[u8]) -> Result<Vec<LoggedChange>> {
    history_with(conn, table, id, || images::state(conn, table, id))
}

/// [`history`], with the row as it is read by `current` (for a table whose id is not its
/// key, read by its key instead), called only when the history is rebuilt backwards.
pub fn history_with(
    conn: &Connection,
    table: &str,
    id: &[u8],
    current: impl FnOnce() -> Result<Option<images::Image>>,
) -> Result<Vec<LoggedChange>> {
    let out = history_raw(conn, table, id, current)?;
    Ok(out.into_iter().map(with_changes).collect())
}

fn history_raw(
    conn: &Connection,
    table: &str,
    id: &[u8],
    current: impl FnOnce() -> Result<Option<images::Image>>,
) -> Result<Vec<LoggedChange>> {
    let cols = Columns::load(conn)?;
    let mut st = conn.prepare(
        "SELECT c.seq, s.at, s.operator, c.action, c.delta, c.reason
         FROM change_log c JOIN change_sets s ON s.id = c.change_set
         WHERE c.row_id = ?2 AND c.tbl = ?1 AND c.action <> 'bulk_insert' ORDER BY c.seq",
    )?;
    let entries: Vec<RowEntry> = st
        .query_map((table, id), |r| {
            let delta: Option<Vec<u8>> = r.get(4)?;
            Ok(RowEntry {
                seq: r.get(0)?,
                at: crate::ids::ms_to_rfc3339(r.get(1)?),
                operator: r.get(2)?,
                action: r.get(3)?,
                delta: cols
                    .decode(delta.as_deref().unwrap_or_default())
                    .unwrap_or_default(),
                reason: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let change = |e: &RowEntry, before: Option<&Row>, after: &Row| LoggedChange {
        seq: e.seq,
        at: e.at.clone(),
        operator: e.operator.clone(),
        action: e.action.clone(),
        before: before.map(json),
        after: Some(json(after)),
        reason: e.reason.clone(),
        changes: Vec::new(),
    };
    let mut out = Vec::with_capacity(entries.len() + 1);
    if entries.first().is_some_and(|e| e.action == "insert") {
        // Forward from the insert's values.
        // A new row's id is the entry's row_id (not kept twice in the entry).
        let mut row: Row = Vec::new();
        if super::key_column(table) == "id" {
            row.push(("id".into(), Sql::Blob(id.to_vec())));
        }
        for (i, e) in entries.iter().enumerate() {
            let after = redo(&row, &e.delta, i == 0);
            out.push(change(e, (i > 0).then_some(&row), &after));
            row = after;
        }
        return Ok(out);
    }
    // Backward from the row as it is (a row a bulk insert or an upgrade's baseline began).
    let Some(now) = current()? else {
        return Ok(out);
    };
    let mut row: Row = now.cols;
    let mut rev = Vec::with_capacity(entries.len());
    for e in entries.iter().rev() {
        let before = undo(&row, &e.delta);
        rev.push(change(e, Some(&before), &row));
        row = before;
    }
    let clock = match row.iter().find(|(n, _)| n == "clock") {
        Some((_, Sql::Integer(c))) => *c,
        _ => -1,
    };
    let created = conn
        .query_row(
            "SELECT c.seq, s.at, s.operator FROM change_log c
             JOIN change_sets s ON s.id = c.change_set
             WHERE c.tbl = ?1 AND c.change_set = ?2 AND c.action = 'bulk_insert'
               AND c.row_id <= ?3 ORDER BY c.row_id DESC LIMIT 1",
            (table, clock, id),
            |r| Ok((r.get(0)?, r.get::<_, i64>(1)?, r.get(2)?)),
        )
        .optional()?;
    if let Some((seq, at, operator)) = created {
        out.push(LoggedChange {
            seq,
            at: crate::ids::ms_to_rfc3339(at),
            operator,
            action: "insert".into(),
            before: None,
            after: Some(json(&row)),
            reason: None,
            changes: Vec::new(),
        });
    }
    out.extend(rev.into_iter().rev());
    Ok(out)
}

/// The columns a change changed, with their values before and after (the bookkeeping
/// columns `updated_at`, `origin` and `clock` left out); for an insert, every column set.
pub fn changed_columns(e: &LoggedChange) -> Vec<(String, Value, Value)> {
    const BOOKKEEPING: &[&str] = &["updated_at", "origin", "clock"];
    let empty = serde_json::Map::new();
    let after = e
        .after
        .as_ref()
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let before = e
        .before
        .as_ref()
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    after
        .iter()
        .filter(|(k, _)| !BOOKKEEPING.contains(&k.as_str()))
        .filter_map(|(k, a)| {
            let b = before.get(k).cloned().unwrap_or(Value::Null);
            (b != *a && !(e.before.is_none() && a.is_null())).then(|| (k.clone(), b, a.clone()))
        })
        .collect()
}

/// A change's columns as one line: `name: before → after` (`name: value` for an insert).
pub fn describe(e: &LoggedChange) -> String {
    let show = |v: &Value| match v {
        Value::Null => "—".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    changed_columns(e)
        .iter()
        .map(|(k, b, a)| match e.before {
            None => format!("{k}: {}", show(a)),
            Some(_) => format!("{k}: {} → {}", show(b), show(a)),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// One bulk insert's block as the log keeps it.
#[derive(Debug, Clone, Serialize)]
pub struct BulkBlock {
    /// The change set (the rows' `clock`).
    pub change_set: i64,
    /// The first and last row ids of the block, in id order.
    pub first: String,
    /// See `first`.
    pub last: String,
    /// Rows in the block.
    pub rows: i64,
}

/// The bulk-insert blocks logged for `table`, in order.
pub fn bulk_blocks(conn: &Connection, table: &str) -> Result<Vec<BulkBlock>> {
    let cols = Columns::load(conn)?;
    let mut st = conn.prepare(
        "SELECT change_set, row_id, delta FROM change_log
         WHERE tbl = ?1 AND action = 'bulk_insert' ORDER BY seq",
    )?;
    let rows = st.query_map([table], |r| {
        let delta: Vec<u8> = r.get::<_, Option<Vec<u8>>>(2)?.unwrap_or_default();
        let d = cols.decode(&delta).unwrap_or_default();
        let get = |k: &str| {
            d.iter()
                .find(|c| c.0 == k)
                .and_then(|c| c.1.first().cloned())
        };
        Ok(BulkBlock {
            change_set: r.get(0)?,
            first: images::show_id(&r.get::<_, Vec<u8>>(1)?),
            last: match get("@last") {
                Some(Sql::Blob(b)) => images::show_id(&b),
                _ => String::new(),
            },
            rows: match get("@rows") {
                Some(Sql::Integer(n)) => n,
                _ => -1,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
