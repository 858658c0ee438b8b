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
    /// `insert`, `update` or `delete`.
    pub action: &'a str,
    /// The row before (`None` for an insert).
    pub before: Option<&'a Value>,
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
        "INSERT INTO change_log (row_id, seq, change_set, tbl, action, before, after, after_hash, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
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
    ])?;
    Ok(())
}

/// The row `id` of `table` as JSON (blob ids shown as UUID text), or `None` if absent.
pub fn snapshot(conn: &Connection, table: &str, id: &[u8]) -> Result<Option<Value>> {
    Ok(state(conn, table, id)?.map(|(v, _)| v))
}

/// The row `id` of `table` as JSON and as its [`RowHash`].
pub fn state(conn: &Connection, table: &str, id: &[u8]) -> Result<Option<(Value, i64)>> {
    state_where(conn, table, "id = ?1", [id])
}

/// The one row of `table` that `cond` selects (for tables keyed by something other than
/// their id), as JSON and as its [`RowHash`].
pub fn state_where(
    conn: &Connection,
    table: &str,
    cond: &str,
    params: impl rusqlite::Params,
) -> Result<Option<(Value, i64)>> {
    assert!(TABLES.contains(&table), "not an audited table: {table}");
    let mut st = conn.prepare_cached(&format!("SELECT * FROM {table} WHERE {cond}"))?;
    let names: Vec<String> = st.column_names().iter().map(|s| s.to_string()).collect();
    Ok(st
        .query_row(params, |r| {
            Ok((row_json(&names, r), row_hash(names.len(), r)))
        })
        .optional()?)
}

/// FNV-1a (64-bit) over a row's column values in table order, each tagged with its type:
/// the fingerprint a bulk insert logs instead of the full row.
pub struct RowHash(u64);

impl Default for RowHash {
    fn default() -> Self {
        RowHash(0xcbf2_9ce4_8422_2325)
    }
}

impl RowHash {
    fn bytes(&mut self, b: &[u8]) {
        for x in b {
            self.0 ^= u64::from(*x);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    /// Adds a NULL.
    pub fn null(&mut self) -> &mut Self {
        self.bytes(&[0]);
        self
    }
    /// Adds an integer.
    pub fn int(&mut self, v: i64) -> &mut Self {
        self.bytes(&[1]);
        self.bytes(&v.to_le_bytes());
        self
    }
    /// Adds a real.
    pub fn real(&mut self, v: f64) -> &mut Self {
        self.bytes(&[2]);
        self.bytes(&v.to_le_bytes());
        self
    }
    /// Adds a text.
    pub fn text(&mut self, v: &str) -> &mut Self {
        self.bytes(&[3]);
        self.bytes(&(v.len() as u64).to_le_bytes());
        self.bytes(v.as_bytes());
        self
    }
    /// Adds a blob.
    pub fn blob(&mut self, v: &[u8]) -> &mut Self {
        self.bytes(&[4]);
        self.bytes(&(v.len() as u64).to_le_bytes());
        self.bytes(v);
        self
    }
    /// The hash as stored (an SQLite integer).
    pub fn finish(&self) -> i64 {
        self.0 as i64
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

/// The history of one row, oldest first.
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
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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
    /// True when nothing is wrong.
    pub fn ok(&self) -> bool {
        self.integrity_ok && self.integrity.is_empty() && self.log_problem_count == 0
    }
}

/// `PRAGMA integrity_check`, `PRAGMA foreign_key_check`, and: every row's latest change-log
/// entry equals the row as it is now, and every entry names a row that exists.
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
    }
    let problem = |rep: &mut CheckReport, p: String| {
        rep.log_problem_count += 1;
        if rep.log_problems.len() < 50 {
            rep.log_problems.push(p);
        }
    };
    for table in TABLES {
        let sql = format!(
            "SELECT t.*, c.seq, c.after, c.after_hash FROM {table} t
             LEFT JOIN change_log c ON c.row_id = t.id AND c.seq = (
                 SELECT max(seq) FROM change_log WHERE row_id = t.id AND tbl = '{table}')"
        );
        let mut st = conn.prepare(&sql)?;
        let n = st.column_count() - 3;
        let names: Vec<String> = st.column_names()[..n]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut rows = st.query([])?;
        let mut matched: i64 = 0;
        while let Some(r) = rows.next()? {
            rep.rows_checked += 1;
            let seq: Option<i64> = r.get(n)?;
            matched += i64::from(seq.is_some());
            let after: Option<String> = r.get(n + 1)?;
            let hash: Option<i64> = r.get(n + 2)?;
            let now = || row_json(&names, r);
            let agrees = match (seq, after, hash) {
                (None, _, _) => {
                    let id = now().get("id").cloned().unwrap_or(Value::Null);
                    problem(&mut rep, format!("{table} {id}: no change-log entry"));
                    continue;
                }
                (_, Some(a), _) => serde_json::from_str::<Value>(&a).ok() == Some(now()),
                (_, None, Some(h)) => h == row_hash(n, r),
                (_, None, None) => false,
            };
            if !agrees {
                let id = now().get("id").cloned().unwrap_or(Value::Null);
                problem(
                    &mut rep,
                    format!("{table} {id}: differs from its last change-log entry"),
                );
            }
        }
        // Entries naming rows that do not exist: more distinct rows in the log than rows
        // that found their entry above. (Counted this way because some tables are keyed by
        // something other than their id, and a per-entry lookup by id would scan them.)
        let logged: i64 = conn.query_row(
            "SELECT count(DISTINCT row_id) FROM change_log WHERE tbl = ?1",
            [table],
            |r| r.get(0),
        )?;
        if logged > matched {
            problem(
                &mut rep,
                format!(
                    "{table}: {} change-log rows name rows that do not exist",
                    logged - matched
                ),
            );
        }
    }
    let stray: i64 = conn.query_row(
        "SELECT count(*) FROM change_log c
         WHERE c.action NOT IN ('insert', 'update', 'delete')
            OR NOT EXISTS (SELECT 1 FROM change_sets s WHERE s.id = c.change_set)",
        [],
        |r| r.get(0),
    )?;
    if stray > 0 {
        problem(
            &mut rep,
            format!("change_log: {stray} entries with an unknown action or change set"),
        );
    }
    rep.log_entries = conn.query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))?;
    Ok(rep)
}
