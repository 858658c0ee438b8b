//! The write side of the change log: the entries of one write transaction, the blocks of its
//! bulk inserts, and the link that seals its change set into the chain.

use std::collections::HashSet;

use rusqlite::types::Value as Sql;
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use super::chain;
use super::images::{self, Columns, Delta, Image};
use crate::error::Result;

/// The most rows one bulk-insert entry covers.
pub const BLOCK_ROWS: usize = 1000;

/// The change log of one write transaction, as it is written.
#[derive(Default)]
pub struct Log {
    columns: Columns,
    entries: Sha256,
    count: usize,
    /// Rows logged on their own in this transaction: (table, row id).
    logged: HashSet<(String, Vec<u8>)>,
}

/// What an entry for a row records: its action and values, from the images before and after.
pub fn row_entry(before: Option<&Image>, after: Option<&Image>) -> (&'static str, Delta) {
    match (before, after) {
        (None, Some(a)) => ("insert", images::full(a)),
        (Some(b), Some(a)) => {
            let deleted = |i: &Image| i.get("deleted") == Some(&Sql::Integer(1));
            let action = if deleted(a) && !deleted(b) {
                "delete"
            } else {
                "update"
            };
            (action, images::diff(b, a))
        }
        (Some(b), None) => (
            "delete",
            b.cols
                .iter()
                .map(|(n, v)| (n.clone(), vec![v.clone(), Sql::Null]))
                .collect(),
        ),
        (None, None) => ("update", Delta::new()),
    }
}

/// The hash of a bulk block's rows, in id order: each id and row hash.
pub fn block_hash(rows: &[(Vec<u8>, i64)]) -> i64 {
    let mut h = Sha256::new_with_prefix(b"zwl-block-1");
    for (id, hash) in rows {
        h.update((id.len() as u64).to_le_bytes());
        h.update(id);
        h.update(hash.to_le_bytes());
    }
    let d = h.finalize();
    i64::from_le_bytes(d[..8].try_into().unwrap_or_default())
}

/// A bulk block's entry values: how many rows, and the last row's id (the first is the
/// entry's `row_id`).
pub fn block_delta(rows: usize, last: &[u8]) -> Delta {
    vec![
        ("@rows".into(), vec![Sql::Integer(rows as i64)]),
        ("@last".into(), vec![Sql::Blob(last.to_vec())]),
    ]
}

impl Log {
    /// Entries appended so far.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Appends one entry.
    #[allow(clippy::too_many_arguments)]
    pub fn append(
        &mut self,
        tx: &Connection,
        (seq, change_set): (i64, i64),
        table: &str,
        row_id: &[u8],
        action: &str,
        delta: &Delta,
        after_hash: Option<i64>,
        reason: Option<&str>,
    ) -> Result<()> {
        let stored = self.columns.encode(tx, table, delta)?;
        let mut st = tx.prepare_cached(
            "INSERT INTO change_log (seq, change_set, tbl, row_id, action, delta, after_hash,
                reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        st.execute(rusqlite::params![
            seq, change_set, table, row_id, action, stored, after_hash, reason
        ])?;
        chain::hash_entry(
            &mut self.entries,
            seq,
            table,
            row_id,
            action,
            delta,
            after_hash,
            reason,
        );
        if action != "bulk_insert" {
            self.logged.insert((table.to_string(), row_id.to_vec()));
        }
        self.count += 1;
        Ok(())
    }

    /// The rows of `table` this transaction inserted in bulk (those with its `clock` and no
    /// entry of their own), in id order, cut into blocks of at most [`BLOCK_ROWS`]: each
    /// block's first and last id, its rows and its [`block_hash`].
    pub fn bulk_blocks(
        &self,
        tx: &Connection,
        table: &str,
        clock: i64,
    ) -> Result<Vec<(Vec<u8>, Vec<u8>, usize, i64)>> {
        let key = super::key_column(table);
        let mut st = tx.prepare(&format!("SELECT *, {key} FROM {table} WHERE clock = ?1"))?;
        let n = st.column_count() - 1;
        let mut rows: Vec<(Vec<u8>, i64)> = Vec::new();
        let mut q = st.query([clock])?;
        while let Some(r) = q.next()? {
            let id: Vec<u8> = r.get(n)?;
            if self.logged.contains(&(table.to_string(), id.clone())) {
                continue;
            }
            rows.push((id, images::row_hash(n, r)));
        }
        rows.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Ok(rows
            .chunks(BLOCK_ROWS)
            .map(|c| {
                (
                    c[0].0.clone(),
                    c[c.len() - 1].0.clone(),
                    c.len(),
                    block_hash(c),
                )
            })
            .collect())
    }

    /// Seals the change set: writes it with its link (the link before it, its facts, the
    /// hash of its entries).
    pub fn seal(
        self,
        tx: &Connection,
        clock: i64,
        at: &str,
        operator: &str,
        installation: &str,
    ) -> Result<()> {
        let prev = chain::prev_link(tx)?;
        let link = chain::link(
            &prev,
            clock,
            at,
            operator,
            installation,
            &self.entries.finalize(),
        );
        tx.execute(
            "INSERT INTO change_sets (id, at, operator, installation, hash)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            (clock, at, operator, installation, &link[..]),
        )?;
        Ok(())
    }
}
