//! Rows as the change log keeps them: their values, a SHA-256 row hash, and the compact
//! binary form of what an entry records (a new row's values, or the changed columns' values
//! before and after), with columns named by a small number from `change_columns`.

use std::collections::HashMap;

use rusqlite::types::{Value as Sql, ValueRef};
use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::error::Result;

/// A row as the change log keeps it: its columns, the same as JSON (blob ids shown as UUID
/// text), and its [`RowHash`].
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// Column name → value, for display and for the domain code that reads a snapshot.
    pub json: Value,
    /// The hash of the column values in table order.
    pub hash: i64,
    /// Column name and value in table order.
    pub cols: Vec<(String, Sql)>,
}

impl Image {
    /// The value of `col`, if the row has it.
    pub fn get(&self, col: &str) -> Option<&Sql> {
        self.cols.iter().find(|(n, _)| n == col).map(|(_, v)| v)
    }
}

/// The row `id` of `table`, or `None` if absent.
pub fn state(conn: &Connection, table: &str, id: &[u8]) -> Result<Option<Image>> {
    let key = super::key_column(table);
    state_where(conn, table, &format!("{key} = ?1"), [id])
}

/// The [`RowHash`] of the row `id` of `table`, or `None` if absent.
pub fn hash_of(conn: &Connection, table: &str, id: &[u8]) -> Result<Option<i64>> {
    let key = super::key_column(table);
    let mut st = conn.prepare_cached(&format!("SELECT * FROM {table} WHERE {key} = ?1"))?;
    let n = st.column_count();
    Ok(st.query_row([id], |r| Ok(row_hash(n, r))).optional()?)
}

/// The one row of `table` that `cond` selects (for tables keyed by something other than
/// their id).
pub fn state_where(
    conn: &Connection,
    table: &str,
    cond: &str,
    params: impl rusqlite::Params,
) -> Result<Option<Image>> {
    super::key_column(table);
    let mut st = conn.prepare_cached(&format!("SELECT * FROM {table} WHERE {cond}"))?;
    let names: Vec<String> = st.column_names().iter().map(|s| s.to_string()).collect();
    Ok(st.query_row(params, |r| Ok(image(&names, r))).optional()?)
}

/// The image of the current row of a `SELECT *` (its first `names.len()` columns).
pub(crate) fn image(names: &[String], r: &rusqlite::Row<'_>) -> Image {
    let cols: Vec<(String, Sql)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), r.get_ref(i).map(Sql::from).unwrap_or(Sql::Null)))
        .collect();
    Image {
        json: to_json(cols.iter().map(|(n, v)| (n.as_str(), v))),
        hash: hash_values(cols.iter().map(|(_, v)| v)),
        cols,
    }
}

/// A SHA-256 fingerprint of a row's column values in table order, each tagged with its type
/// and texts and blobs with their length, kept as its first 8 bytes (an SQLite integer).
/// Every change-log entry keeps the hash of its row after the change; a bulk insert's block
/// entry hashes its rows' ids and hashes. The hash is public (anyone can compute it): what
/// makes a rewritten log detectable is the chain of change sets and a head seen elsewhere.
#[derive(Clone)]
pub struct RowHash(Sha256);

impl Default for RowHash {
    fn default() -> Self {
        RowHash(Sha256::new_with_prefix(b"zwl-row-1"))
    }
}

impl RowHash {
    fn bytes(&mut self, tag: u8, b: &[u8]) {
        self.0.update([tag]);
        self.0.update((b.len() as u64).to_le_bytes());
        self.0.update(b);
    }
    /// Adds a NULL.
    pub fn null(&mut self) -> &mut Self {
        self.0.update([0]);
        self
    }
    /// Adds an integer.
    pub fn int(&mut self, v: i64) -> &mut Self {
        self.0.update([1]);
        self.0.update(v.to_le_bytes());
        self
    }
    /// Adds a real.
    pub fn real(&mut self, v: f64) -> &mut Self {
        self.0.update([2]);
        self.0.update(v.to_bits().to_le_bytes());
        self
    }
    /// Adds a text.
    pub fn text(&mut self, v: &str) -> &mut Self {
        self.bytes(3, v.as_bytes());
        self
    }
    /// Adds a blob.
    pub fn blob(&mut self, v: &[u8]) -> &mut Self {
        self.bytes(4, v);
        self
    }
    /// Adds any value.
    pub fn value(&mut self, v: &Sql) -> &mut Self {
        match v {
            Sql::Null => self.null(),
            Sql::Integer(x) => self.int(*x),
            Sql::Real(x) => self.real(*x),
            Sql::Text(t) => self.text(t),
            Sql::Blob(b) => self.blob(b),
        }
    }
    /// The hash as stored (an SQLite integer): the first 8 bytes of the SHA-256.
    pub fn finish(&self) -> i64 {
        let d = self.0.clone().finalize();
        i64::from_le_bytes(d[..8].try_into().unwrap_or_default())
    }
}

/// The [`RowHash`] of values in table order.
pub(crate) fn hash_values<'v>(vals: impl IntoIterator<Item = &'v Sql>) -> i64 {
    let mut h = RowHash::default();
    for v in vals {
        h.value(v);
    }
    h.finish()
}

/// The [`RowHash`] of the first `ncols` columns of a row.
pub(crate) fn row_hash(ncols: usize, r: &rusqlite::Row<'_>) -> i64 {
    let mut h = RowHash::default();
    for i in 0..ncols {
        match r.get_ref(i) {
            Ok(ValueRef::Null) | Err(_) => h.null(),
            Ok(ValueRef::Integer(x)) => h.int(x),
            Ok(ValueRef::Real(x)) => h.real(x),
            Ok(ValueRef::Text(t)) => {
                h.bytes(3, t);
                &mut h
            }
            Ok(ValueRef::Blob(b)) => h.blob(b),
        };
    }
    h.finish()
}

/// A value as shown in history: blob ids as UUID text, other blobs as hex.
pub fn value_json(v: &Sql) -> Value {
    match v {
        Sql::Null => Value::Null,
        Sql::Integer(x) => Value::from(*x),
        Sql::Real(x) => Value::from(*x),
        Sql::Text(t) => Value::from(t.clone()),
        Sql::Blob(b) => match uuid::Uuid::from_slice(b) {
            Ok(u) => Value::from(u.to_string()),
            Err(_) => Value::from(b.iter().map(|x| format!("{x:02x}")).collect::<String>()),
        },
    }
}

/// Columns as a JSON object.
pub(crate) fn to_json<'v>(cols: impl IntoIterator<Item = (&'v str, &'v Sql)>) -> Value {
    let mut m = Map::new();
    for (n, v) in cols {
        m.insert(n.to_string(), value_json(v));
    }
    Value::Object(m)
}

/// A row id as people read it: a UUID, or the key text of a keyed table.
pub fn show_id(id: &[u8]) -> String {
    match uuid::Uuid::from_slice(id) {
        Ok(u) => u.to_string(),
        Err(_) => String::from_utf8_lossy(id).into_owned(),
    }
}

/// What one entry records, column by column: one value for a new row (and a bulk block's
/// facts), the value before and after for a change.
pub type Delta = Vec<(String, Vec<Sql>)>;

/// The columns that differ between two images, with their values before and after.
pub(crate) fn diff(before: &Image, after: &Image) -> Delta {
    let mut out = Delta::new();
    for (n, a) in &after.cols {
        let b = before.get(n).cloned().unwrap_or(Sql::Null);
        if &b != a {
            out.push((n.clone(), vec![b, a.clone()]));
        }
    }
    for (n, b) in &before.cols {
        if after.get(n).is_none() {
            out.push((n.clone(), vec![b.clone(), Sql::Null]));
        }
    }
    out
}

/// A new row's values (NULLs left out: a column missing from an insert was NULL).
pub(crate) fn full(after: &Image) -> Delta {
    after
        .cols
        .iter()
        .filter(|(_, v)| *v != Sql::Null)
        .map(|(n, v)| (n.clone(), vec![v.clone()]))
        .collect()
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_varint(b: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let x = *b.get(*pos)?;
        *pos += 1;
        v |= u64::from(x & 0x7f) << shift;
        if x < 0x80 {
            return Some(v);
        }
    }
    None
}

/// Appends a value: a tag byte, then a zigzag varint, 8 bytes, or a length and the bytes.
pub(crate) fn encode_value(out: &mut Vec<u8>, v: &Sql) {
    match v {
        Sql::Null => out.push(0),
        Sql::Integer(x) => {
            out.push(1);
            varint(out, ((x << 1) ^ (x >> 63)) as u64);
        }
        Sql::Real(x) => {
            out.push(2);
            out.extend_from_slice(&x.to_bits().to_le_bytes());
        }
        Sql::Text(t) => {
            out.push(3);
            varint(out, t.len() as u64);
            out.extend_from_slice(t.as_bytes());
        }
        Sql::Blob(b) => {
            out.push(4);
            varint(out, b.len() as u64);
            out.extend_from_slice(b);
        }
    }
}

fn decode_value(b: &[u8], pos: &mut usize) -> Option<Sql> {
    let tag = *b.get(*pos)?;
    *pos += 1;
    Some(match tag {
        0 => Sql::Null,
        1 => {
            let z = read_varint(b, pos)?;
            Sql::Integer(((z >> 1) as i64) ^ -((z & 1) as i64))
        }
        2 => {
            let x = b.get(*pos..*pos + 8)?;
            *pos += 8;
            Sql::Real(f64::from_bits(u64::from_le_bytes(x.try_into().ok()?)))
        }
        3 | 4 => {
            let n = read_varint(b, pos)? as usize;
            let x = b.get(*pos..pos.checked_add(n)?)?;
            *pos += n;
            if tag == 3 {
                Sql::Text(String::from_utf8(x.to_vec()).ok()?)
            } else {
                Sql::Blob(x.to_vec())
            }
        }
        _ => return None,
    })
}

/// The canonical bytes of a delta for hashing: each column's name and values, in order.
pub(crate) fn canonical(delta: &Delta, out: &mut Vec<u8>) {
    varint(out, delta.len() as u64);
    for (name, vals) in delta {
        encode_value(out, &Sql::Text(name.clone()));
        varint(out, vals.len() as u64);
        for v in vals {
            encode_value(out, v);
        }
    }
}

/// [`canonical`] of a new row's delta given as its columns (each with its one value)
/// rather than built.
pub(crate) fn canonical_row<'v>(
    count: usize,
    cols: impl Iterator<Item = (&'v str, &'v Sql)>,
    out: &mut Vec<u8>,
) {
    varint(out, count as u64);
    for (name, v) in cols {
        out.push(3);
        varint(out, name.len() as u64);
        out.extend_from_slice(name.as_bytes());
        varint(out, 1);
        encode_value(out, v);
    }
}

/// The column numbers of `change_columns`, loaded once per write and extended as new
/// columns are logged.
#[derive(Default)]
pub struct Columns {
    /// Table → column → number.
    by_name: HashMap<String, HashMap<String, u64>>,
    by_number: HashMap<u64, (String, String)>,
    loaded: bool,
    /// Per table, for rows written from their values: the column names in table order and
    /// their numbers as looked up so far (see [`Columns::encode_row`]).
    rows: HashMap<String, (Vec<String>, Vec<Option<u64>>)>,
}

impl Columns {
    /// Every column number of the ledger.
    pub fn load(conn: &Connection) -> Result<Columns> {
        let mut c = Columns::default();
        c.ensure(conn)?;
        Ok(c)
    }

    fn ensure(&mut self, conn: &Connection) -> Result<()> {
        if self.loaded {
            return Ok(());
        }
        let mut st = conn.prepare("SELECT n, tbl, name FROM change_columns")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let n: i64 = r.get(0)?;
            let key: (String, String) = (r.get(1)?, r.get(2)?);
            self.by_name
                .entry(key.0.clone())
                .or_default()
                .insert(key.1.clone(), n as u64);
            self.by_number.insert(n as u64, key);
        }
        self.loaded = true;
        Ok(())
    }

    fn number(&mut self, conn: &Connection, table: &str, col: &str) -> Result<u64> {
        self.ensure(conn)?;
        if let Some(n) = self.by_name.get(table).and_then(|t| t.get(col)) {
            return Ok(*n);
        }
        conn.execute(
            "INSERT INTO change_columns (tbl, name) VALUES (?1, ?2)",
            (table, col),
        )?;
        let n = conn.last_insert_rowid() as u64;
        let key = (table.to_string(), col.to_string());
        self.by_name
            .entry(key.0.clone())
            .or_default()
            .insert(key.1.clone(), n);
        self.by_number.insert(n, key);
        Ok(n)
    }

    /// The stored form of a delta: per column its number, its count of values, the values.
    pub(crate) fn encode(&mut self, conn: &Connection, table: &str, d: &Delta) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(64 + d.len() * 12);
        for (name, vals) in d {
            varint(&mut out, self.number(conn, table, name)?);
            varint(&mut out, vals.len() as u64);
            for v in vals {
                encode_value(&mut out, v);
            }
        }
        Ok(out)
    }

    /// [`Columns::encode`] of a new row's delta given as its columns, each by its place in
    /// `names` (the table's columns in order) with its one value, rather than built; the
    /// numbers are kept per table in that order.
    pub(crate) fn encode_row<'v>(
        &mut self,
        conn: &Connection,
        table: &str,
        names: &[String],
        cols: impl Iterator<Item = (usize, &'v Sql)>,
    ) -> Result<Vec<u8>> {
        if self
            .rows
            .get(table)
            .is_none_or(|(n, _)| n.as_slice() != names)
        {
            self.rows
                .insert(table.to_string(), (names.to_vec(), vec![None; names.len()]));
        }
        let mut out = Vec::with_capacity(256);
        for (i, v) in cols {
            let known = self.rows.get(table).and_then(|(_, n)| n[i]);
            let n = match known {
                Some(n) => n,
                None => {
                    let n = self.number(conn, table, &names[i])?;
                    if let Some((_, ns)) = self.rows.get_mut(table) {
                        ns[i] = Some(n);
                    }
                    n
                }
            };
            varint(&mut out, n);
            varint(&mut out, 1);
            encode_value(&mut out, v);
        }
        Ok(out)
    }

    /// A stored delta read back (`None` when it does not decode: a damaged entry).
    pub(crate) fn decode(&self, b: &[u8]) -> Option<Delta> {
        let mut pos = 0;
        let mut out = Delta::new();
        while pos < b.len() {
            let n = read_varint(b, &mut pos)?;
            let (_, name) = self.by_number.get(&n)?;
            let k = read_varint(b, &mut pos)? as usize;
            let mut vals = Vec::with_capacity(k.min(2));
            for _ in 0..k {
                vals.push(decode_value(b, &mut pos)?);
            }
            out.push((name.clone(), vals));
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(f: impl Fn(&mut RowHash) -> &mut RowHash) -> i64 {
        f(&mut RowHash::default()).finish()
    }

    #[test]
    fn the_row_hash_tells_values_types_and_boundaries_apart() {
        let all = [
            h(|r| r.text("ab").text("c")),
            h(|r| r.text("a").text("bc")),
            h(|r| r.int(1)),
            h(|r| r.text("1")),
            h(|r| r.null()),
            h(|r| r.int(0)),
            h(|r| r.blob(b"12345678")),
            h(|r| r.blob(b"12345678\0")),
            h(|r| r.text("长春市南关区").int(7)),
            h(|r| r.int(7).text("长春市南关区")),
        ];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(h(|r| r.text("幸福").int(3)), h(|r| r.text("幸福").int(3)));
    }

    #[test]
    fn values_decode_as_they_were_encoded() {
        let vals = [
            Sql::Null,
            Sql::Integer(0),
            Sql::Integer(-1),
            Sql::Integer(i64::MIN),
            Sql::Integer(i64::MAX),
            Sql::Real(12.5),
            Sql::Text("长春市".into()),
            Sql::Blob(vec![0, 1, 2, 255]),
        ];
        let mut out = Vec::new();
        for v in &vals {
            encode_value(&mut out, v);
        }
        let mut pos = 0;
        for v in &vals {
            assert_eq!(&decode_value(&out, &mut pos).unwrap(), v);
        }
        assert_eq!(pos, out.len());
    }
}
