//! The entries of new rows logged from the values written (a sync import's rows): numbered
//! and hashed at once, inserted a block at a time.

use rusqlite::types::Value as Sql;
use rusqlite::Connection;

use super::{chain, images, Image, Log};
use crate::error::Result;

/// An entry due (see `Log::due`): number, change set, table, row id, stored delta, hash.
pub(super) type Due = (i64, i64, String, Vec<u8>, Vec<u8>, i64);

/// Entries inserted by one statement (see [`Log::flush`]).
const DUE_BLOCK: usize = 32;

impl Log {
    /// Like [`Log::row_now`] for a row whose image after is given as its column names, values
    /// and [`images::RowHash`] (the values just written): a new row's entry is built from them
    /// without an image.
    pub fn row_now_values(
        &mut self,
        tx: &Connection,
        (seq, clock): (i64, i64),
        (table, row_id): (&str, &[u8]),
        before: Option<&Image>,
        (names, vals, hash): (&[String], &[Sql], i64),
    ) -> Result<()> {
        if before.is_some() {
            let after = Image {
                cols: names.iter().cloned().zip(vals.iter().cloned()).collect(),
                json: serde_json::Value::Null,
                hash,
            };
            return self.row_now(tx, seq, clock, table, row_id, before, Some(&after), None);
        }
        // What `row_entry` gives a new row: its values, NULLs and its own id left out;
        // stored and hashed as `write_entry` would the delta, without building it.
        let cols = || {
            names
                .iter()
                .zip(vals)
                .enumerate()
                .filter_map(|(i, (n, v))| {
                    let own_id = n.as_str() == "id" && matches!(v, Sql::Blob(b) if b == row_id);
                    (*v != Sql::Null && !own_id).then_some((i, n.as_str(), v))
                })
        };
        self.now += 1;
        let n = seq + (self.written + self.now) as i64;
        let stored = self
            .columns
            .encode_row(tx, table, names, cols().map(|(i, _, v)| (i, v)))?;
        self.due
            .push((n, clock, table.to_string(), row_id.to_vec(), stored, hash));
        if self.due.len() >= DUE_BLOCK {
            self.flush(tx)?;
        }
        chain::hash_entry_with(
            &mut self.hasher,
            (n, table, row_id, "insert"),
            |b| images::canonical_row(cols().count(), cols().map(|(_, n, v)| (n, v)), b),
            Some(hash),
            None,
        );
        Ok(())
    }
}

impl Log {
    /// Inserts the entries numbered and hashed but not yet inserted (see
    /// [`Log::row_now_values`]); called before anything reads the log.
    pub fn flush(&mut self, tx: &Connection) -> Result<()> {
        if self.due.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "INSERT INTO change_log (seq, change_set, tbl, row_id, action, delta, after_hash,
                reason) VALUES {}",
            vec!["(?, ?, ?, ?, 'insert', ?, ?, NULL)"; self.due.len()].join(", ")
        );
        let mut p: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(self.due.len() * 6);
        for (n, set, table, row_id, stored, hash) in &self.due {
            p.extend([n as &dyn rusqlite::ToSql, set, table, row_id, stored, hash]);
        }
        tx.prepare_cached(&sql)?.execute(p.as_slice())?;
        self.due.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u32) -> [u8; 16] {
        let mut b = [0u8; 16];
        b[12..].copy_from_slice(&n.to_be_bytes());
        b
    }

    /// An entry as stored: seq, table, row id, action, delta, after hash.
    type Entry = (i64, String, Vec<u8>, String, Vec<u8>, i64);

    #[test]
    fn a_new_row_logged_from_its_values_gets_the_entry_its_image_gives() {
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
        let names: Vec<String> = ["id", "name", "note", "grams", "share"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let vals = |n: u32| {
            vec![
                Sql::Blob(id(n).to_vec()),
                Sql::Text(format!("row {n}")),
                Sql::Null,
                Sql::Integer(-(n as i64) * 1000),
                Sql::Real(0.25 * n as f64),
            ]
        };
        let facts = (clock, 1_700_000_000_000, "op", 1);
        let read = || -> (Vec<Entry>, Vec<u8>) {
            let entries = conn
                .prepare(
                    "SELECT seq, tbl, row_id, action, delta, after_hash FROM change_log
                     WHERE change_set = ?1 ORDER BY seq",
                )
                .expect("prepare")
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
            let img = Image {
                cols: names.iter().cloned().zip(vals(n)).collect(),
                json: serde_json::json!({}),
                hash: images::hash_values(&vals(n)),
            };
            kept.row("t", &id(n), None, Some(&img), None);
        }
        kept.seal(conn, seq, facts).expect("seal");
        let whole = read();

        let mut from_values = Log::default();
        for n in 1..=3 {
            let v = vals(n);
            from_values
                .row_now_values(
                    conn,
                    (seq, clock),
                    ("t", &id(n)),
                    None,
                    (&names, &v, images::hash_values(&v)),
                )
                .expect("row_now_values");
        }
        from_values.seal(conn, seq, facts).expect("seal");
        assert_eq!(read(), whole);
        assert_eq!(whole.0.len(), 3);
    }
}
