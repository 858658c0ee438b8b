//! The change log (变更记录): every write appends who, when, which row, and the row before
//! and after as JSON, in the same transaction as the write. `check` verifies that the log and
//! the tables agree, so an edit that bypassed the core is found.

use rusqlite::{types::ValueRef, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::Result;

/// The tables whose rows are logged with a UUID id.
pub const TABLES: &[&str] = &[
    "districts",
    "cell_kinds",
    "cells",
    "cell_records",
    "cw_sites",
    "cw_transporters",
    "cw_vehicles",
    "cw_facilities",
    "cw_manifests",
    "cw_facility_outputs",
    "waste_streams",
    "waste_categories",
    "kind_denominators",
    "cell_activity",
    "cell_containers",
    "cell_record_counts",
];

/// References the schema leaves to the core (no FOREIGN KEY, measured to cost a fifth of a
/// bulk insert): child table, column, parent table, parent column. `check` verifies them, and
/// every audited row's `origin` against `installations`.
const SOFT_REFERENCES: &[(&str, &str, &str, &str)] = &[
    ("cell_records", "cell_id", "cells", "id"),
    ("cell_records", "category", "waste_categories", "key"),
];

/// One change-log entry to append.
pub struct Entry<'a> {
    /// The change set (write transaction) it belongs to.
    pub change_set: i64,
    /// Its place in the order of all entries.
    pub seq: i64,
    /// Table changed.
    pub table: &'a str,
    /// The row's id (16-byte UUID, or a setting's key).
    pub row_id: &'a [u8],
    /// `insert`, `update`, `delete` or `bulk_insert`.
    pub action: &'a str,
    /// The row before (`None` for an insert).
    pub before: Option<&'a Value>,
    /// Hash of the row before.
    pub before_hash: Option<i64>,
    /// The row after (`None` for a bulk insert, which keeps only the hash).
    pub after: Option<&'a Value>,
    /// Hash of the row after (see [`RowHash`]).
    pub after_hash: Option<i64>,
    /// A reason the clerk gave (overrides, revocations).
    pub reason: Option<&'a str>,
}

/// Appends one entry.
pub fn append(conn: &Connection, e: &Entry<'_>) -> Result<()> {
    let mut st = conn.prepare_cached(
        "INSERT INTO change_log (row_id, seq, change_set, tbl, action, before, after, after_hash,
            reason, before_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    st.execute(rusqlite::params![
        e.row_id,
        e.seq,
        e.change_set,
        e.table,
        e.action,
        e.before.map(Value::to_string),
        e.after.map(Value::to_string),
        e.after_hash,
        e.reason,
        e.before_hash,
    ])?;
    Ok(())
}

/// A row as the change log keeps it: JSON (blob ids shown as UUID text) and its [`RowHash`].
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// Column name → value.
    pub json: Value,
    /// The hash of the column values.
    pub hash: i64,
}

/// The row `id` of `table`, or `None` if absent.
pub fn state(conn: &Connection, table: &str, id: &[u8]) -> Result<Option<Image>> {
    state_where(conn, table, "id = ?1", [id])
}

/// The [`RowHash`] of the row `id` of `table`, or `None` if absent.
pub fn hash_of(conn: &Connection, table: &str, id: &[u8]) -> Result<Option<i64>> {
    assert!(TABLES.contains(&table), "not an audited table: {table}");
    let mut st = conn.prepare_cached(&format!("SELECT * FROM {table} WHERE id = ?1"))?;
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
    assert!(TABLES.contains(&table), "not an audited table: {table}");
    let mut st = conn.prepare_cached(&format!("SELECT * FROM {table} WHERE {cond}"))?;
    let names: Vec<String> = st.column_names().iter().map(|s| s.to_string()).collect();
    Ok(st
        .query_row(params, |r| {
            Ok(Image {
                json: row_json(&names, r),
                hash: row_hash(names.len(), r),
            })
        })
        .optional()?)
}

/// A 64-bit fingerprint of a row's column values in table order, each tagged with its type
/// (and texts and blobs with their length): what a bulk insert's log entry sums instead of
/// keeping the rows. Mixes eight bytes at a time (a multiply-xorshift per word, a 64-bit
/// finaliser at the end); not cryptographic, like the CRC of a file.
pub struct RowHash(u64);

impl Default for RowHash {
    fn default() -> Self {
        RowHash(0xcbf2_9ce4_8422_2325)
    }
}

impl RowHash {
    fn word(&mut self, w: u64) {
        self.0 = (self.0 ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 ^= self.0 >> 29;
    }
    fn bytes(&mut self, tag: u64, b: &[u8]) {
        self.word(tag | ((b.len() as u64) << 8));
        let mut chunks = b.chunks_exact(8);
        for c in &mut chunks {
            self.word(u64::from_le_bytes(c.try_into().unwrap_or_default()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.word(u64::from_le_bytes(last));
        }
    }
    /// Adds a NULL.
    pub fn null(&mut self) -> &mut Self {
        self.word(0);
        self
    }
    /// Adds an integer.
    pub fn int(&mut self, v: i64) -> &mut Self {
        self.word(1);
        self.word(v as u64);
        self
    }
    /// Adds a real.
    pub fn real(&mut self, v: f64) -> &mut Self {
        self.word(2);
        self.word(v.to_bits());
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
    /// The hash as stored (an SQLite integer).
    pub fn finish(&self) -> i64 {
        // The finaliser of MurmurHash3: every input bit reaches every output bit, so that sums
        // of many rows' hashes stay spread out.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^= h >> 33;
        h as i64
    }
}

fn row_hash(ncols: usize, r: &rusqlite::Row<'_>) -> i64 {
    let mut h = RowHash::default();
    for i in 0..ncols {
        match r.get_ref(i) {
            Ok(ValueRef::Null) | Err(_) => h.null(),
            Ok(ValueRef::Integer(x)) => h.int(x),
            Ok(ValueRef::Real(x)) => h.real(x),
            Ok(ValueRef::Text(t)) => h.text(&String::from_utf8_lossy(t)),
            Ok(ValueRef::Blob(b)) => h.blob(b),
        };
    }
    h.finish()
}

fn row_json(names: &[String], r: &rusqlite::Row<'_>) -> Value {
    let mut m = Map::new();
    for (i, n) in names.iter().enumerate() {
        let v = match r.get_ref(i) {
            Ok(ValueRef::Null) | Err(_) => Value::Null,
            Ok(ValueRef::Integer(x)) => Value::from(x),
            Ok(ValueRef::Real(x)) => Value::from(x),
            Ok(ValueRef::Text(t)) => Value::from(String::from_utf8_lossy(t).into_owned()),
            Ok(ValueRef::Blob(b)) => match uuid::Uuid::from_slice(b) {
                Ok(u) => Value::from(u.to_string()),
                Err(_) => Value::from(hex(b)),
            },
        };
        m.insert(n.clone(), v);
    }
    Value::Object(m)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

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
}

/// The history of one row, oldest first. A row that a bulk insert created begins with that
/// insert, its image taken from the row's next change or, if none, from the row itself.
pub fn history(conn: &Connection, table: &str, id: &[u8]) -> Result<Vec<LoggedChange>> {
    let mut st = conn.prepare(
        "SELECT c.seq, s.at, s.operator, c.action, c.before, c.after, c.reason
         FROM change_log c JOIN change_sets s ON s.id = c.change_set
         WHERE c.row_id = ?2 AND c.tbl = ?1 ORDER BY c.seq",
    )?;
    let rows = st.query_map((table, id), |r| {
        let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        Ok(LoggedChange {
            seq: r.get(0)?,
            at: r.get(1)?,
            operator: r.get(2)?,
            action: r.get(3)?,
            before: parse(r.get(4)?),
            after: parse(r.get(5)?),
            reason: r.get(6)?,
        })
    })?;
    let mut out: Vec<LoggedChange> = rows.collect::<rusqlite::Result<_>>()?;
    if out.first().is_some_and(|e| e.action == "insert") {
        return Ok(out);
    }
    let image = match out.first() {
        Some(e) => e.before.clone(),
        None => state(conn, table, id)?.map(|i| i.json),
    };
    let Some(image) = image else {
        return Ok(out);
    };
    let clock = image.get("clock").and_then(Value::as_i64).unwrap_or(-1);
    let created = conn
        .query_row(
            "SELECT c.seq, s.at, s.operator FROM change_log c
             JOIN change_sets s ON s.id = c.change_set
             WHERE c.row_id = x'' AND c.tbl = ?1 AND c.change_set = ?2",
            (table, clock),
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    if let Some((seq, at, operator)) = created {
        out.insert(
            0,
            LoggedChange {
                seq,
                at,
                operator,
                action: "insert".into(),
                before: None,
                after: Some(image),
                reason: None,
            },
        );
    }
    Ok(out)
}

/// What `zwl check` found.
#[derive(Debug, Clone, Serialize, Default)]
pub struct CheckReport {
    /// `PRAGMA integrity_check` said "ok".
    pub integrity_ok: bool,
    /// Lines of `integrity_check` and `foreign_key_check` other than "ok".
    pub integrity: Vec<String>,
    /// Rows checked against the change log.
    pub rows_checked: u64,
    /// Change-log entries read.
    pub log_entries: u64,
    /// Disagreements between the tables and the change log (first 50).
    pub log_problems: Vec<String>,
    /// Total number of disagreements.
    pub log_problem_count: u64,
}

impl CheckReport {
    fn problem(&mut self, p: String) {
        self.log_problem_count += 1;
        if self.log_problems.len() < 50 {
            self.log_problems.push(p);
        }
    }

    /// True when nothing is wrong.
    pub fn ok(&self) -> bool {
        self.integrity_ok && self.integrity.is_empty() && self.log_problem_count == 0
    }
}

/// `PRAGMA integrity_check`, `PRAGMA foreign_key_check`, and: every row's latest change-log
/// entry equals the row as it is now, every entry names a row that exists, every row without
/// an entry of its own belongs to a bulk insert, and every bulk insert's rows add up to its
/// count and hash.
pub fn check(conn: &Connection) -> Result<CheckReport> {
    let mut rep = CheckReport::default();
    {
        let mut st = conn.prepare("PRAGMA integrity_check")?;
        let lines: Vec<String> = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        rep.integrity_ok = lines == ["ok"];
        rep.integrity
            .extend(lines.into_iter().filter(|l| l != "ok"));
        let mut st = conn.prepare("PRAGMA foreign_key_check")?;
        let fk: Vec<String> = st
            .query_map([], |r| {
                Ok(format!(
                    "foreign key: {} row {} → {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?.unwrap_or(-1),
                    r.get::<_, String>(2)?
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rep.integrity.extend(fk);
        let (cells, indexed): (i64, i64) = conn.query_row(
            "SELECT (SELECT count(*) FROM cells), (SELECT count(*) FROM cells_fts)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if cells != indexed {
            rep.integrity
                .push(format!("text index: {indexed} entries for {cells} cells"));
        }
        let origins = TABLES.iter().map(|t| (*t, "origin", "installations", "n"));
        for (t, col, parent, key) in SOFT_REFERENCES.iter().copied().chain(origins) {
            let n: i64 = conn.query_row(
                &format!(
                    "SELECT count(*) FROM {t} c
                     WHERE NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.{key} = c.{col})"
                ),
                [],
                |r| r.get(0),
            )?;
            if n > 0 {
                rep.integrity.push(format!(
                    "reference: {n} rows of {t}.{col} name no {parent} row"
                ));
            }
        }
    }
    for table in TABLES {
        check_table(conn, table, &mut rep)?;
    }
    let stray: i64 = conn.query_row(
        "SELECT count(*) FROM change_log c
         WHERE c.action NOT IN ('insert', 'update', 'delete', 'bulk_insert')
            OR NOT EXISTS (SELECT 1 FROM change_sets s WHERE s.id = c.change_set)",
        [],
        |r| r.get(0),
    )?;
    if stray > 0 {
        rep.problem(format!(
            "change_log: {stray} entries with an unknown action or change set"
        ));
    }
    rep.log_entries = conn.query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))?;
    Ok(rep)
}

/// The change-log checks of one table.
fn check_table(conn: &Connection, table: &str, rep: &mut CheckReport) -> Result<()> {
    // Rows created by a bulk insert, by change set: (rows, wrapping sum of their hashes).
    let mut bulk: std::collections::BTreeMap<i64, (i64, i64)> = Default::default();
    let mut add = |cs: i64, hash: i64| {
        let e = bulk.entry(cs).or_default();
        e.0 += 1;
        e.1 = e.1.wrapping_add(hash);
    };
    let sql = format!(
        "SELECT t.*, c.seq, c.after_hash FROM {table} t
         LEFT JOIN change_log c ON c.row_id = t.id AND c.seq = (
             SELECT max(seq) FROM change_log WHERE row_id = t.id AND tbl = '{table}')"
    );
    let mut st = conn.prepare(&sql)?;
    let n = st.column_count() - 2;
    let names: Vec<String> = st.column_names()[..n]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let clock_col = names.iter().position(|c| c == "clock");
    let mut rows = st.query([])?;
    let mut matched: i64 = 0;
    while let Some(r) = rows.next()? {
        rep.rows_checked += 1;
        let seq: Option<i64> = r.get(n)?;
        let hash: Option<i64> = r.get(n + 1)?;
        let name = || {
            row_json(&names, r)
                .get("id")
                .cloned()
                .unwrap_or(Value::Null)
        };
        match seq {
            // No entry of its own: one of a bulk insert's rows, unchanged since.
            None => match clock_col {
                Some(k) => add(r.get(k)?, row_hash(n, r)),
                None => rep.problem(format!("{table} {}: no change-log entry", name())),
            },
            Some(_) => {
                matched += 1;
                if hash != Some(row_hash(n, r)) {
                    rep.problem(format!(
                        "{table} {}: differs from its last change-log entry",
                        name()
                    ));
                }
            }
        }
    }
    // Rows a bulk insert created and a later write changed: their first entry's `before`.
    let mut st = conn.prepare(
        "SELECT json_extract(c.before, '$.clock'), c.before_hash FROM change_log c
         WHERE c.tbl = ?1 AND c.row_id <> x'' AND c.action <> 'insert'
           AND c.seq = (SELECT min(seq) FROM change_log WHERE row_id = c.row_id AND tbl = ?1)",
    )?;
    let mut firsts = st.query([table])?;
    while let Some(r) = firsts.next()? {
        match (r.get::<_, Option<i64>>(0)?, r.get::<_, Option<i64>>(1)?) {
            (Some(cs), Some(h)) => add(cs, h),
            _ => rep.problem(format!(
                "{table}: a row's first change-log entry is not its insert"
            )),
        }
    }
    // Rows a schema upgrade wrote (clock 0): held to the tally the step left in `meta`.
    if let Some(got) = bulk.remove(&0) {
        let tally: Option<String> = conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'schema_rows.' || ?1",
                [table],
                |r| r.get(0),
            )
            .optional()?;
        if tally != Some(format!("{}:{}", got.0, got.1)) {
            rep.problem(format!(
                "{table}: {} rows of a schema upgrade differ from what it tallied",
                got.0
            ));
        }
    }
    let mut st = conn.prepare(
        "SELECT change_set, json_extract(after, '$.rows'), after_hash FROM change_log
         WHERE row_id = x'' AND tbl = ?1",
    )?;
    let mut entries = st.query([table])?;
    while let Some(r) = entries.next()? {
        let cs: i64 = r.get(0)?;
        let want = (
            r.get::<_, Option<i64>>(1)?.unwrap_or(-1),
            r.get::<_, Option<i64>>(2)?.unwrap_or(0),
        );
        match bulk.remove(&cs) {
            Some(got) if got == want => {}
            Some((rows, _)) if rows != want.0 => rep.problem(format!(
                "{table}: bulk insert {cs} logged {} rows, {rows} found",
                want.0
            )),
            Some(_) => rep.problem(format!(
                "{table}: the rows of bulk insert {cs} differ from what it logged"
            )),
            None => rep.problem(format!(
                "{table}: bulk insert {cs} logged {} rows, none found",
                want.0
            )),
        }
    }
    for (cs, (rows, _)) in bulk {
        rep.problem(format!(
            "{table}: {rows} rows with no change-log entry (clock {cs})"
        ));
    }
    // Entries naming rows that do not exist: more distinct rows in the log than rows that
    // found their entry above. (Counted this way because some tables are keyed by something
    // other than their id, and a per-entry lookup by id would scan them.)
    let logged: i64 = conn.query_row(
        "SELECT count(DISTINCT row_id) FROM change_log WHERE tbl = ?1 AND row_id <> x''",
        [table],
        |r| r.get(0),
    )?;
    if logged > matched {
        rep.problem(format!(
            "{table}: {} change-log rows name rows that do not exist",
            logged - matched
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::RowHash;

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
}
