//! The statements of an import for one table: a row by its key, and the row that holds the
//! same unique values under another key.

use rusqlite::types::Value as Sql;
use rusqlite::OptionalExtension;

use super::tables::Spec;
use crate::error::Result;

/// Per-table statements and lookups of the apply.
pub(crate) struct Table<'s> {
    pub(crate) spec: &'s Spec,
    select: String,
    pub(crate) insert: String,
    pub(crate) update: String,
    /// Unique indexes as (columns, the query of the row that holds the same values), to
    /// name the row a value collides with.
    uniques: Vec<(Vec<usize>, String)>,
}

impl<'s> Table<'s> {
    pub(crate) fn new(tx: &rusqlite::Connection, spec: &'s Spec) -> Result<Self> {
        let cols: Vec<&str> = spec.cols.iter().map(|c| c.name.as_str()).collect();
        let q = |c: &str| format!("\"{c}\"");
        let key = spec.key;
        let select = format!("SELECT * FROM {} WHERE {key} = ?1", spec.name);
        let insert = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            spec.name,
            cols.iter().map(|c| q(c)).collect::<Vec<_>>().join(", "),
            (1..=cols.len())
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let sets: Vec<String> = cols
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != spec.key_col)
            .map(|(i, c)| format!("{} = ?{}", q(c), i + 1))
            .collect();
        let update = format!(
            "UPDATE {} SET {} WHERE {key} = ?{}",
            spec.name,
            sets.join(", "),
            cols.len() + 1
        );
        let mut uniques = Vec::new();
        let list: Vec<(String, i64, String)> = tx
            .prepare(&format!("PRAGMA index_list({})", spec.name))?
            .query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (name, unique, origin) in list {
            // The primary key too: a table keyed by `id` whose primary key is its natural
            // key (a cell's month record) collides there.
            let _ = origin;
            if unique == 0 {
                continue;
            }
            let info: Vec<i64> = tx
                .prepare(&format!("PRAGMA index_info(\"{name}\")"))?
                .query_map([], |r| r.get(1))?
                .collect::<rusqlite::Result<_>>()?;
            if info.iter().any(|c| *c < 0) {
                continue;
            }
            let sql: Option<String> = tx
                .query_row(
                    "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1",
                    [&name],
                    |r| r.get(0),
                )
                .optional()?
                .flatten();
            let partial = sql
                .as_deref()
                .and_then(|s| s.rsplit_once(" WHERE "))
                .map(|(_, w)| w.trim().trim_end_matches(';').to_string())
                .unwrap_or_else(|| "1".into());
            let cols: Vec<usize> = info.iter().map(|c| *c as usize).collect();
            let cond: Vec<String> = cols
                .iter()
                .enumerate()
                .map(|(i, c)| format!("\"{}\" IS ?{}", spec.cols[*c].name, i + 2))
                .collect();
            let sql = format!(
                "SELECT * FROM {} WHERE {} <> ?1 AND {} AND ({partial}) LIMIT 1",
                spec.name,
                spec.key,
                cond.join(" AND ")
            );
            uniques.push((cols, sql));
        }
        Ok(Table {
            spec,
            select,
            insert,
            update,
            uniques,
        })
    }

    pub(crate) fn local(&self, tx: &rusqlite::Connection, key: &[u8]) -> Result<Option<Vec<Sql>>> {
        let n = self.spec.cols.len();
        Ok(tx
            .prepare_cached(&self.select)?
            .query_row([key], |r| (0..n).map(|i| r.get(i)).collect())
            .optional()?)
    }

    /// The live row another row's unique values collide with.
    pub(crate) fn collider(
        &self,
        tx: &rusqlite::Connection,
        vals: &[Sql],
        key: &[u8],
    ) -> Result<Option<Vec<Sql>>> {
        let n = self.spec.cols.len();
        for (cols, sql) in &self.uniques {
            let mut params: Vec<Sql> = vec![Sql::Blob(key.to_vec())];
            params.extend(cols.iter().map(|c| vals[*c].clone()));
            let found: Option<Vec<Sql>> = tx
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
}
