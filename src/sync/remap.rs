//! References that follow a merge (合并后的引用).
//!
//! Two installations that each register the same thing (a vehicle of the same plate, a
//! manifest of the same number, a village of the same name) make two rows under two ids.
//! An import takes them as one: the row here keeps its id and the other id is merged into
//! it, recorded in the conflicts list (`reason = 'unique'`, one side's image under the
//! other id). A row that names the other installation's id (a manifest naming its vehicle)
//! is then taken naming the row here instead — in the same bundle or in any later one, since
//! the record is read back at every import. The rule is a function of the rows alone: the
//! same rows meet the same merges on every installation, whatever the order.

use std::collections::HashMap;

use rusqlite::types::Value as Sql;
use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value};

use super::tables::{self, Spec};
use super::Version;
use crate::db::Writer;
use crate::error::Result;

/// The merges known to this ledger and the references to follow through them.
#[derive(Default)]
pub(crate) struct Remap {
    /// Per parent table: the other installation's id → the id of the row here.
    merged: HashMap<String, HashMap<Vec<u8>, Vec<u8>>>,
    /// Per table: its columns that name a row of another table by id, and that table.
    refs: HashMap<String, Vec<(usize, String)>>,
    /// Tables whose rows other rows name by id.
    parents: std::collections::HashSet<String>,
    /// References that followed a merge in the rows this import took.
    pub(crate) followed: u64,
    /// Per table: queries of the live row that holds the same values of a unique index on
    /// expressions (a village's district, township and name), which `Table::collider` leaves.
    exprs: HashMap<String, Vec<String>>,
}

impl Remap {
    /// Reads the references between the travelling tables and the merges recorded so far.
    pub(crate) fn load(conn: &Connection, specs: &[Spec]) -> Result<Remap> {
        let mut r = Remap::default();
        for spec in specs {
            let fks: Vec<(String, String, Option<String>)> = conn
                .prepare(&format!("PRAGMA foreign_key_list({})", spec.name))?
                .query_map([], |x| Ok((x.get(2)?, x.get(3)?, x.get(4)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut cols = Vec::new();
            for (parent, from, to) in fks {
                if to.as_deref() != Some("id") {
                    continue;
                }
                if let Some(i) = spec.col(&from) {
                    r.parents.insert(parent.clone());
                    cols.push((i, parent));
                }
            }
            if !cols.is_empty() {
                r.refs.insert(spec.name.to_string(), cols);
            }
            let q = expr_uniques(conn, spec)?;
            if !q.is_empty() {
                r.exprs.insert(spec.name.to_string(), q);
            }
        }
        let mut st = conn.prepare(
            "SELECT tbl, row_key, kept, other FROM sync_conflicts WHERE reason = 'unique' ORDER BY id",
        )?;
        let mut q = st.query([])?;
        while let Some(x) = q.next()? {
            let (tbl, key): (String, Vec<u8>) = (x.get(0)?, x.get(1)?);
            if !r.parents.contains(&tbl) {
                continue;
            }
            for side in [x.get::<_, String>(2)?, x.get::<_, String>(3)?] {
                let id = serde_json::from_str::<Map<String, Value>>(&side)
                    .ok()
                    .and_then(|m| m.get("id").and_then(Value::as_str).map(str::to_string))
                    .and_then(|s| tables::blob_of(&s));
                if let Some(id) = id.filter(|i| *i != key) {
                    r.merged
                        .entry(tbl.clone())
                        .or_default()
                        .insert(id, key.clone());
                }
            }
        }
        Ok(r)
    }

    /// The live row here that holds the same unique values as the incoming row `vals` under
    /// another key: by the table's unique columns, or else by its unique indexes on
    /// expressions.
    pub(crate) fn collider(
        &self,
        conn: &Connection,
        t: &super::rows::Table<'_>,
        vals: &[Sql],
        key: &[u8],
    ) -> Result<Option<Vec<Sql>>> {
        if let Some(found) = t.collider(conn, vals, key)? {
            return Ok(Some(found));
        }
        let n = t.spec.cols.len();
        for sql in self.exprs.get(t.spec.name).into_iter().flatten() {
            let mut params: Vec<Sql> = vec![Sql::Blob(key.to_vec())];
            params.extend(vals.iter().cloned());
            let found: Option<Vec<Sql>> = conn
                .prepare_cached(sql)?
                .query_row(rusqlite::params_from_iter(params), |r| {
                    (0..n).map(|i| r.get(i)).collect()
                })
                .optional()?;
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    /// Whether rows of `table` are named by id elsewhere (a merge of them is remembered).
    pub(crate) fn is_parent(&self, table: &str) -> bool {
        self.parents.contains(table)
    }

    /// Remembers that `other` (an id made elsewhere) is the row `here` of `table`.
    pub(crate) fn learn(&mut self, table: &str, other: &[u8], here: &[u8]) {
        if other != here && self.is_parent(table) {
            self.merged
                .entry(table.to_string())
                .or_default()
                .insert(other.to_vec(), here.to_vec());
        }
    }

    /// Points the row's references at the rows here where they name a row merged into one
    /// here (and not a row this ledger holds under that id itself). Returns how many.
    pub(crate) fn follow(
        &mut self,
        conn: &Connection,
        spec: &Spec,
        vals: &mut [Sql],
    ) -> Result<u64> {
        let Some(cols) = self.refs.get(spec.name) else {
            return Ok(0);
        };
        let mut n = 0;
        for (i, parent) in cols {
            let Sql::Blob(id) = &vals[*i] else { continue };
            let Some(here) = self.merged.get(parent).and_then(|m| m.get(id)) else {
                continue;
            };
            let exists = conn
                .prepare_cached(&format!("SELECT count(*) FROM {parent} WHERE id = ?1"))?
                .query_row([id], |r| r.get::<_, i64>(0))?
                > 0;
            if !exists {
                vals[*i] = Sql::Blob(here.clone());
                n += 1;
            }
        }
        Ok(n)
    }
}

/// Records a merge of two rows that hold the same values (nothing for a clerk to choose
/// between), already resolved, so that references to the other id can follow it later.
pub(crate) fn record_same(
    w: &Writer<'_>,
    bundle: &str,
    spec: &Spec,
    here: &[u8],
    kept: (&Map<String, Value>, &Version),
    other: (&Map<String, Value>, &Version),
) -> Result<()> {
    let js = |m: &Map<String, Value>| Value::Object(m.clone()).to_string();
    w.tx()
        .prepare_cached(
            "INSERT OR IGNORE INTO sync_conflicts (at, bundle, tbl, row_key, reason, kept,
                kept_clock, kept_origin, other, other_clock, other_origin, resolved_at,
                resolved_by, resolution, note)
             VALUES (?1, ?2, ?3, ?4, 'unique', ?5, ?6, ?7, ?8, ?9, ?10, ?1, ?11, 'current', ?12)",
        )?
        .execute(rusqlite::params![
            w.now(),
            bundle,
            spec.name,
            here,
            js(kept.0),
            kept.1 .0,
            kept.1 .1,
            js(other.0),
            other.1 .0,
            other.1 .1,
            w.operator(),
            "合并为同一记录（内容相同）/ merged as one row (same values)"
        ])?;
    Ok(())
}

/// The queries of the live row that holds the same values of each unique index of `spec`'s
/// table that is built on expressions: the index's own expressions, evaluated over the row
/// here and over the incoming row's values (bound as `?2`… in column order; `?1` its key).
fn expr_uniques(conn: &Connection, spec: &Spec) -> Result<Vec<String>> {
    let sqls: Vec<String> = conn
        .prepare(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL",
        )?
        .query_map([spec.name], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let incoming: Vec<String> = spec
        .cols
        .iter()
        .enumerate()
        .map(|(i, c)| format!("?{} AS \"{}\"", i + 2, c.name))
        .collect();
    let mut out = Vec::new();
    for sql in sqls {
        if !sql
            .trim_start()
            .to_ascii_uppercase()
            .starts_with("CREATE UNIQUE INDEX")
        {
            continue;
        }
        let Some(open) = sql.find('(') else { continue };
        // The list of the index's terms: up to the bracket that closes the first one.
        let mut depth = 0;
        let mut close = None;
        for (i, ch) in sql[open..].char_indices() {
            match ch {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(open + i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(close) = close else { continue };
        let terms = &sql[open + 1..close];
        if !terms.contains('(') {
            continue; // plain columns: `Table::collider` reads those
        }
        let partial = sql[close + 1..]
            .split_once(" WHERE ")
            .map(|(_, w)| w.trim().trim_end_matches(';').to_string())
            .unwrap_or_else(|| "1".into());
        out.push(format!(
            "SELECT * FROM {t} WHERE {key} <> ?1 AND ({partial}) AND ({terms}) = \
             (SELECT {terms} FROM (SELECT {inc})) LIMIT 1",
            t = spec.name,
            key = spec.key,
            inc = incoming.join(", ")
        ));
    }
    Ok(out)
}
