//! The write side of the change log: the entries of one write transaction, the blocks of its
//! bulk inserts, and the link that seals its change set into the chain.

use std::collections::{HashMap, HashSet};

use rusqlite::types::Value as Sql;
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use super::chain;
use super::images::{self, Columns, Delta, Image};
use crate::error::Result;

mod values;
use values::Due;

/// The most rows one bulk-insert entry covers.
pub const BLOCK_ROWS: usize = 1000;

/// The change log of one write transaction: its entries, kept until the transaction ends
/// and then written in order. A row inserted and changed again in the same transaction is
/// one insert of the row as it ends (a manifest opened and dispatched at once).
#[derive(Default)]
pub struct Log {
    columns: Columns,
    pending: Vec<Pending>,
    /// Rows logged on their own in this transaction: (table, row id) → their entry's
    /// number in the transaction (the entries written early counted).
    logged: HashMap<(String, Vec<u8>), usize>,
    /// The tables of `logged`, so that most rows are answered without building a key.
    logged_tables: HashSet<String>,
    /// Entries of `pending` already written (see [`Log::write_ready`]).
    written: usize,
    /// Entries written at once, never held (see [`Log::row_now`]).
    now: usize,
    /// The hash of the entries written so far, in number order.
    hasher: Sha256,
    /// Entries of new rows numbered and hashed but not yet inserted (see
    /// [`Log::row_now_values`]): (number, change set, table, row id, stored delta, hash).
    /// Inserted a block at a time, and before the log is written otherwise or read.
    due: Vec<Due>,
}

/// An entry not yet written.
struct Pending {
    table: String,
    row_id: Vec<u8>,
    action: &'static str,
    delta: Delta,
    after_hash: Option<i64>,
    reason: Option<String>,
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
pub fn block_hash<I: AsRef<[u8]>>(rows: &[(I, i64)]) -> i64 {
    let mut h = Sha256::new_with_prefix(b"zwl-block-1");
    for (id, hash) in rows {
        let id = id.as_ref();
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
    /// Entries so far.
    pub fn count(&self) -> usize {
        self.written + self.now + self.pending.len()
    }

    /// Whether the row `row_id` of `table` has an entry of its own in this transaction.
    pub fn has(&self, table: &str, row_id: &[u8]) -> bool {
        self.logged_tables.contains(table)
            && self
                .logged
                .contains_key(&(table.to_string(), row_id.to_vec()))
    }

    /// Logs a change of the row `row_id` of `table` from its images before and after.
    pub fn row(
        &mut self,
        table: &str,
        row_id: &[u8],
        before: Option<&Image>,
        after: Option<&Image>,
        reason: Option<&str>,
    ) {
        let key = (table.to_string(), row_id.to_vec());
        if let Some(&i) = self.logged.get(&key) {
            let p = &mut self.pending[i - self.written];
            if p.action == "insert" {
                if let Some(a) = after {
                    p.delta = images::full(a);
                    p.after_hash = Some(a.hash);
                    drop_id(&mut p.delta, row_id);
                    if reason.is_some() {
                        p.reason = reason.map(str::to_string);
                    }
                    return;
                }
            }
        }
        let (action, mut delta) = row_entry(before, after);
        drop_id(&mut delta, row_id);
        // Its index: the held entries' numbering (entries written at once come apart).
        if !self.logged_tables.contains(table) {
            self.logged_tables.insert(table.to_string());
        }
        self.logged.insert(key, self.written + self.pending.len());
        self.pending.push(Pending {
            table: table.to_string(),
            row_id: row_id.to_vec(),
            action,
            delta,
            after_hash: after.map(|a| a.hash),
            reason: reason.map(str::to_string),
        });
    }

    /// Logs a bulk insert's block.
    pub fn block(&mut self, table: &str, first: &[u8], last: &[u8], rows: usize, hash: i64) {
        self.pending.push(Pending {
            table: table.to_string(),
            row_id: first.to_vec(),
            action: "bulk_insert",
            delta: block_delta(rows, last),
            after_hash: Some(hash),
            reason: None,
        });
    }

    /// Logs the rows of `table` this transaction inserted in bulk (each id and row hash, as
    /// the inserter wrote them), leaving out rows that have an entry of their own: in id
    /// order (as `zwl check` reads them back), cut into blocks of at most [`BLOCK_ROWS`].
    pub fn bulk(&mut self, table: &str, mut rows: Vec<([u8; 16], i64)>) {
        let own: HashSet<&[u8]> = self
            .logged
            .keys()
            .filter(|k| k.0 == table)
            .map(|k| k.1.as_slice())
            .collect();
        if !own.is_empty() {
            rows.retain(|r| !own.contains(&r.0[..]));
        }
        // Generated ids count up, so the rows usually come in id order already.
        if !rows.is_sorted_by(|a, b| a.0 <= b.0) {
            rows.sort_unstable_by_key(|r| r.0);
        }
        for c in rows.chunks(BLOCK_ROWS) {
            let (first, last) = (&c[0].0, &c[c.len() - 1].0);
            self.block(table, first, last, c.len(), block_hash(c));
        }
    }

    /// Writes the bulk blocks at the head of the entries now, numbered on from `seq` (the
    /// last number before the transaction) in `clock`'s change set, so that a large import
    /// does not keep them to the end. Only blocks before the first entry of a row are
    /// written: a row's entry may still change, and the entries keep their order.
    pub fn write_ready(&mut self, tx: &Connection, seq: i64, clock: i64) -> Result<()> {
        self.flush(tx)?;
        let ready = self
            .pending
            .iter()
            .take_while(|p| p.action == "bulk_insert")
            .count();
        if ready == 0 {
            return Ok(());
        }
        let mut st = tx.prepare_cached(INSERT_ENTRY)?;
        for p in self.pending.drain(..ready).collect::<Vec<_>>() {
            self.written += 1;
            let n = seq + (self.written + self.now) as i64;
            write_entry(
                &mut self.columns,
                &mut self.hasher,
                tx,
                &mut st,
                n,
                clock,
                &p,
            )?;
        }
        Ok(())
    }

    /// Writes every entry kept so far now (rows' entries too, not only bulk blocks), numbered
    /// on from `seq` in `clock`'s change set, and forgets which rows they were: a later change
    /// of one of those rows in this transaction gets an entry of its own (an update from the
    /// image before it) instead of being merged into the one written. For writes whose rows,
    /// once logged, are not changed again or inserted in bulk (a received load of an import),
    /// so that a large write keeps none of their entries until the commit.
    pub fn settle(&mut self, tx: &Connection, seq: i64, clock: i64) -> Result<()> {
        self.flush(tx)?;
        if self.pending.is_empty() {
            return Ok(());
        }
        let mut st = tx.prepare_cached(INSERT_ENTRY)?;
        for p in std::mem::take(&mut self.pending) {
            self.written += 1;
            let n = seq + (self.written + self.now) as i64;
            write_entry(
                &mut self.columns,
                &mut self.hasher,
                tx,
                &mut st,
                n,
                clock,
                &p,
            )?;
        }
        self.logged.clear();
        self.logged_tables.clear();
        Ok(())
    }

    /// Writes the entries not yet written, numbered on from `seq` (the last number before
    /// the transaction) after those written early, and seals the change set with its link
    /// (the link before it, its facts, the hash of its entries). Returns the last number used.
    pub fn seal(
        mut self,
        tx: &Connection,
        seq: i64,
        (clock, at_ms, operator, origin): (i64, i64, &str, i64),
    ) -> Result<i64> {
        self.flush(tx)?;
        let mut seq = seq + (self.written + self.now) as i64;
        let mut st = tx.prepare_cached(INSERT_ENTRY)?;
        for p in std::mem::take(&mut self.pending) {
            seq += 1;
            write_entry(
                &mut self.columns,
                &mut self.hasher,
                tx,
                &mut st,
                seq,
                clock,
                &p,
            )?;
        }
        let prev = chain::prev_link(tx)?;
        let h = self.hasher.finalize();
        let link = chain::link(&prev, clock, at_ms, operator, origin, &h);
        tx.execute(
            "INSERT INTO change_sets (id, at, operator, origin, hash) VALUES (?1, ?2, ?3, ?4, ?5)",
            (clock, at_ms, operator, origin, &link[..]),
        )?;
        Ok(seq)
    }
}

const INSERT_ENTRY: &str = "INSERT INTO change_log (seq, change_set, tbl, row_id, action, delta,
    after_hash, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

/// Writes one entry numbered `seq` and adds it to the change set's hash `h`.
fn write_entry(
    columns: &mut Columns,
    h: &mut Sha256,
    tx: &Connection,
    st: &mut rusqlite::CachedStatement<'_>,
    seq: i64,
    clock: i64,
    p: &Pending,
) -> Result<()> {
    let stored = columns.encode(tx, &p.table, &p.delta)?;
    st.execute(rusqlite::params![
        seq,
        clock,
        p.table,
        p.row_id,
        p.action,
        stored,
        p.after_hash,
        p.reason
    ])?;
    chain::hash_entry(
        h,
        seq,
        &p.table,
        &p.row_id,
        p.action,
        &p.delta,
        p.after_hash,
        p.reason.as_deref(),
    );
    Ok(())
}

impl Log {
    /// Logs a change of the row `row_id` of `table` and writes its entry at once, numbered
    /// after `seq` (the last number before this transaction) and the entries written so far,
    /// in the change set `clock`, instead of keeping it until the transaction ends: what a
    /// large write keeps in memory does not grow with its rows. The entry and the change
    /// set's hash are the same as [`Log::row`]'s would be; but a row logged this way is not
    /// merged with a later entry of the same row in the same transaction, so this is for
    /// writes that change each row once (the rows of a sync bundle).
    #[allow(clippy::too_many_arguments)]
    pub fn row_now(
        &mut self,
        tx: &Connection,
        seq: i64,
        clock: i64,
        table: &str,
        row_id: &[u8],
        before: Option<&Image>,
        after: Option<&Image>,
        reason: Option<&str>,
    ) -> Result<()> {
        self.flush(tx)?;
        let (action, mut delta) = row_entry(before, after);
        drop_id(&mut delta, row_id);
        self.now += 1;
        let n = seq + (self.written + self.now) as i64;
        let p = Pending {
            table: table.to_string(),
            row_id: row_id.to_vec(),
            action,
            delta,
            after_hash: after.map(|a| a.hash),
            reason: reason.map(str::to_string),
        };
        let mut st = tx.prepare_cached(INSERT_ENTRY)?;
        write_entry(
            &mut self.columns,
            &mut self.hasher,
            tx,
            &mut st,
            n,
            clock,
            &p,
        )
    }
}

/// A new row's id is the entry's row_id: not kept twice.
fn drop_id(delta: &mut Delta, row_id: &[u8]) {
    delta
        .retain(|(col, v)| !(col == "id" && matches!(v.as_slice(), [Sql::Blob(b)] if b == row_id)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u32) -> [u8; 16] {
        let mut b = [0u8; 16];
        b[12..].copy_from_slice(&n.to_be_bytes());
        b
    }

    /// A block as logged: first id, last id, rows, hash.
    type Logged = (Vec<u8>, Vec<u8>, i64, Option<i64>);

    fn blocks(log: &Log) -> Vec<Logged> {
        log.pending
            .iter()
            .filter(|p| p.action == "bulk_insert")
            .map(|p| {
                let rows = match p.delta[0].1.as_slice() {
                    [Sql::Integer(n)] => *n,
                    _ => -1,
                };
                let last = match p.delta[1].1.as_slice() {
                    [Sql::Blob(b)] => b.clone(),
                    _ => Vec::new(),
                };
                (p.row_id.clone(), last, rows, p.after_hash)
            })
            .collect()
    }

    #[test]
    fn bulk_rows_are_cut_into_blocks_of_at_most_1000_in_id_order_whatever_order_they_came_in() {
        let sorted: Vec<([u8; 16], i64)> = (0..2500).map(|n| (id(n), n as i64 * 7)).collect();
        let mut shuffled = sorted.clone();
        shuffled.reverse();
        shuffled.swap(3, 2000);
        let mut log = Log::default();
        log.bulk("cell_records", shuffled);
        let got = blocks(&log);
        let want: Vec<_> = sorted
            .chunks(BLOCK_ROWS)
            .map(|c| {
                let (f, l) = (c[0].0.to_vec(), c[c.len() - 1].0.to_vec());
                (f, l, c.len() as i64, Some(block_hash(c)))
            })
            .collect();
        assert_eq!(got, want);
        assert_eq!(
            got.iter().map(|b| b.2).collect::<Vec<_>>(),
            [1000, 1000, 500]
        );
    }

    #[test]
    fn a_bulk_row_logged_on_its_own_in_the_same_write_is_left_out_of_its_block() {
        let rows: Vec<([u8; 16], i64)> = (0..10).map(|n| (id(n), n as i64)).collect();
        let mut log = Log::default();
        let img = Image {
            cols: vec![("id".into(), Sql::Blob(id(4).to_vec()))],
            json: serde_json::json!({}),
            hash: 99,
        };
        log.row("cell_records", &id(4), None, Some(&img), None);
        log.bulk("cell_records", rows.clone());
        let rest: Vec<_> = rows.into_iter().filter(|r| r.0 != id(4)).collect();
        assert_eq!(
            blocks(&log),
            [(id(0).to_vec(), id(9).to_vec(), 9, Some(block_hash(&rest)))]
        );
    }
    /// An entry as stored: seq, table, row id, action, delta, after hash.
    type Entry = (i64, String, Vec<u8>, String, Vec<u8>, i64);

    #[test]
    fn entries_written_as_they_come_are_numbered_and_sealed_as_entries_kept_to_the_commit() {
        let l = crate::Ledger::open_in_memory().expect("ledger");
        let conn = l.conn();
        let seq: i64 = conn
            .query_row("SELECT coalesce(max(seq), 0) FROM change_log", [], |r| {
                r.get(0)
            })
            .expect("seq");
        let clock: i64 = conn
            .query_row("SELECT max(id) + 1 FROM change_sets", [], |r| r.get(0))
            .expect("clock");
        let img = |n: u32| Image {
            cols: vec![
                ("id".into(), Sql::Blob(id(n).to_vec())),
                ("name".into(), Sql::Text(format!("row {n}"))),
            ],
            json: serde_json::json!({}),
            hash: n as i64 * 31,
        };
        let facts = (clock, 1_700_000_000_000, "op", 1);
        let read = || -> (Vec<Entry>, Vec<u8>) {
            let mut st = conn
                .prepare(
                    "SELECT seq, tbl, row_id, action, delta, after_hash FROM change_log
                     WHERE change_set = ?1 ORDER BY seq",
                )
                .expect("prepare");
            let entries = st
                .query_map([clock], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                })
                .expect("query")
                .collect::<rusqlite::Result<Vec<_>>>()
                .expect("rows");
            let link: Vec<u8> = conn
                .query_row("SELECT hash FROM change_sets WHERE id = ?1", [clock], |r| {
                    r.get(0)
                })
                .expect("link");
            conn.execute("DELETE FROM change_log WHERE change_set = ?1", [clock])
                .expect("delete");
            conn.execute("DELETE FROM change_sets WHERE id = ?1", [clock])
                .expect("delete");
            (entries, link)
        };

        let mut kept = Log::default();
        for n in 1..=3 {
            kept.row("t", &id(n), None, Some(&img(n)), None);
        }
        let last = kept.seal(conn, seq, facts).expect("seal");
        let whole = read();

        let mut streamed = Log::default();
        for n in 1..=2 {
            streamed
                .row_now(conn, seq, clock, "t", &id(n), None, Some(&img(n)), None)
                .expect("row_now");
        }
        streamed.row("t", &id(3), None, Some(&img(3)), None);
        assert_eq!(streamed.count(), 3);
        assert_eq!(streamed.seal(conn, seq, facts).expect("seal"), last);
        assert_eq!(read(), whole);
        assert_eq!(whole.0.len(), 3);
    }
}
