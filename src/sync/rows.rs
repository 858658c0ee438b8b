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
    /// Per unique index: whether an insert is refused exactly when its query finds a row
    /// (no condition, every column NOT NULL; `IS` matches NULLs, the index does not), or it
    /// can find none at all (the key alone).
    by_insert: Vec<bool>,
    /// The column names in table order.
    pub(crate) names: Vec<String>,
    /// The highest key the table held when the part began (a row above it is not there).
    max_key: Option<Vec<u8>>,
    /// The `origin` column of a versioned table.
    pub(crate) origin: Option<usize>,
    /// For cells: the columns of the text index (name, uscc, address, contact, manager).
    pub(crate) search: Option<[usize; 5]>,
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
        let mut by_insert = Vec::new();
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
            let whole = !sql
                .as_deref()
                .is_some_and(|s| s.to_ascii_uppercase().contains("WHERE"));
            by_insert.push(
                cols == [spec.key_col] || (whole && cols.iter().all(|c| spec.cols[*c].not_null)),
            );
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
        let max_key: Option<Vec<u8>> = tx.query_row(
            &format!("SELECT max({key}) FROM {}", spec.name),
            [],
            |r| match r.get_ref(0)? {
                rusqlite::types::ValueRef::Blob(b) => Ok(Some(b.to_vec())),
                rusqlite::types::ValueRef::Text(t) => Ok(Some(t.to_vec())),
                rusqlite::types::ValueRef::Null => Ok(None),
                // A key of another type: every row is looked up.
                _ => Ok(Some(vec![0xff; 64])),
            },
        )?;
        Ok(Table {
            spec,
            select,
            insert,
            update,
            uniques,
            by_insert,
            names: cols.iter().map(|c| c.to_string()).collect(),
            max_key,
            origin: spec.col("origin").filter(|_| spec.versioned),
            search: match spec.name {
                "cells" => (|| {
                    Some([
                        spec.col("name")?,
                        spec.col("uscc")?,
                        spec.col("address")?,
                        spec.col("contact")?,
                        spec.col("manager")?,
                    ])
                })(),
                _ => None,
            },
        })
    }

    /// Whether the key is above every key the table held when its part began: the row is
    /// not here under its key (a part's keys rise, as the verify pass checked).
    pub(crate) fn is_new(&self, key: &[u8]) -> bool {
        self.max_key.as_deref().is_none_or(|m| key > m)
    }

    /// Whether a row holds the same values as `vals` in a unique index the insert would not
    /// refuse on (a partial index, a column that may be NULL): for a new key, the insert
    /// itself answers the other indexes.
    pub(crate) fn collides_beside_insert(
        &self,
        tx: &rusqlite::Connection,
        vals: &[Sql],
        key: &[u8],
    ) -> Result<bool> {
        for ((cols, sql), exact) in self.uniques.iter().zip(&self.by_insert) {
            if *exact {
                continue;
            }
            let mut params: Vec<&dyn rusqlite::ToSql> = vec![&key];
            params.extend(cols.iter().map(|c| &vals[*c] as &dyn rusqlite::ToSql));
            if tx.prepare_cached(sql)?.exists(params.as_slice())? {
                return Ok(true);
            }
        }
        Ok(false)
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
