//! The tables that travel in a bundle, their columns as the schema declares them, and the
//! JSON form of a row (one line of a part).
//!
//! Every table the change log covers travels except `meta` (this file's counters and
//! identity) and `installations` (a row's `origin` travels as the installation's UUID
//! instead). Settings travel except those that belong to one installation
//! ([`LOCAL_SETTINGS`]).

use rusqlite::types::Value as Sql;
use rusqlite::Connection;
use serde_json::{Map, Value};

use crate::audit;
use crate::error::Result;

/// Settings that belong to one installation and never travel: who is at the keyboard, the
/// installation's own name, code and area (the manifest carries them), backups and the
/// window's own choices.
pub const LOCAL_SETTINGS: &str =
    "key NOT IN ('operator', 'lang', 'language') AND key NOT LIKE 'installation.%' \
     AND key NOT LIKE 'backup.%' AND key NOT LIKE 'ui.%' AND key NOT LIKE 'window.%'";

/// A column's declared type (STRICT tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// INTEGER
    Integer,
    /// REAL
    Real,
    /// TEXT
    Text,
    /// BLOB
    Blob,
    /// ANY
    Any,
}

/// A column of a travelling table.
#[derive(Debug, Clone)]
pub struct Col {
    /// Its name.
    pub name: String,
    /// Its declared type.
    pub ty: Ty,
    /// Whether it may be NULL.
    pub not_null: bool,
}

/// A table that travels.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The table.
    pub name: &'static str,
    /// The SQL expression naming a row (as the change log does).
    pub key: &'static str,
    /// Which rows travel (SQL condition).
    pub only: String,
    /// The columns in table order.
    pub cols: Vec<Col>,
    /// Which column holds the row's key.
    pub key_col: usize,
    /// Whether the rows carry `clock` and `origin` columns.
    pub versioned: bool,
}

impl Spec {
    /// The part's name in the archive.
    pub fn part(&self) -> String {
        format!("tables/{}.jsonl", self.name)
    }
    /// The index of a column.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.cols.iter().position(|c| c.name == name)
    }
}

/// The travelling tables, in the order the change log lists them (parents first).
pub fn specs(conn: &Connection) -> Result<Vec<Spec>> {
    let mut out = Vec::new();
    for (table, key, only) in audit::COVERED {
        if matches!(*table, "meta" | "installations") {
            continue;
        }
        let mut cols = Vec::new();
        let mut st = conn.prepare(&format!("PRAGMA table_info({table})"))?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let ty: String = r.get(2)?;
            cols.push(Col {
                name: r.get(1)?,
                ty: match ty.to_ascii_uppercase().as_str() {
                    "INTEGER" => Ty::Integer,
                    "REAL" => Ty::Real,
                    "TEXT" => Ty::Text,
                    "BLOB" => Ty::Blob,
                    _ => Ty::Any,
                },
                not_null: r.get::<_, i64>(3)? != 0,
            });
        }
        let key_name = if *key == "id" {
            "id".to_string()
        } else {
            key.trim_start_matches("CAST(")
                .split_whitespace()
                .next()
                .unwrap_or("key")
                .to_string()
        };
        let key_col = cols.iter().position(|c| c.name == key_name).unwrap_or(0);
        let versioned =
            cols.iter().any(|c| c.name == "clock") && cols.iter().any(|c| c.name == "origin");
        let only = if *table == "settings" {
            format!("({only}) AND {LOCAL_SETTINGS}")
        } else {
            only.to_string()
        };
        out.push(Spec {
            name: table,
            key,
            only,
            cols,
            key_col,
            versioned,
        });
    }
    Ok(out)
}

/// A 16-byte id as UUID text.
pub fn uuid_text(b: &[u8]) -> String {
    match <[u8; 16]>::try_from(b) {
        Ok(a) => uuid::Uuid::from_bytes(a).hyphenated().to_string(),
        Err(_) => hex(b),
    }
}

/// Bytes as `0x` and lowercase hex digits.
pub fn hex(b: &[u8]) -> String {
    let mut s = String::with_capacity(2 + 2 * b.len());
    s.push_str("0x");
    for x in b {
        s.push_str(&format!("{x:02x}"));
    }
    s
}

/// A value as a bundle writes it: numbers, text, null; a 16-byte blob as UUID text, any
/// other blob as `0x…` hex.
pub fn to_json(v: &Sql) -> Value {
    match v {
        Sql::Null => Value::Null,
        Sql::Integer(i) => Value::from(*i),
        Sql::Real(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Sql::Text(t) => Value::String(t.clone()),
        Sql::Blob(b) if b.len() == 16 => Value::String(uuid_text(b)),
        Sql::Blob(b) => Value::String(hex(b)),
    }
}

/// What is wrong with a value read from a bundle: (English, Chinese).
pub type ValueProblem = (String, String);

/// A value read from a bundle as the column's declared type requires.
pub fn from_json(col: &Col, v: &Value) -> std::result::Result<Sql, ValueProblem> {
    let want = |en: &str, zh: &str| -> ValueProblem {
        (
            format!("{en} expected, found {}", short(v)),
            format!("应为{zh}，现为 {}", short(v)),
        )
    };
    if v.is_null() {
        return if col.not_null {
            Err(("is required (null found)".into(), "不能为空".into()))
        } else {
            Ok(Sql::Null)
        };
    }
    match col.ty {
        Ty::Integer => v
            .as_i64()
            .map(Sql::Integer)
            .ok_or_else(|| want("an integer", "整数")),
        Ty::Real => v
            .as_f64()
            .map(Sql::Real)
            .ok_or_else(|| want("a number", "数值")),
        Ty::Text => v
            .as_str()
            .map(|s| Sql::Text(s.to_string()))
            .ok_or_else(|| want("text", "文本")),
        Ty::Blob => v
            .as_str()
            .and_then(blob_of)
            .map(Sql::Blob)
            .ok_or_else(|| want("a UUID or 0x-hex bytes", "UUID 或 0x 开头的十六进制字节")),
        Ty::Any => Ok(match v {
            Value::Bool(b) => Sql::Integer(i64::from(*b)),
            Value::Number(n) => n
                .as_i64()
                .map(Sql::Integer)
                .or_else(|| n.as_f64().map(Sql::Real))
                .unwrap_or(Sql::Null),
            Value::String(s) => Sql::Text(s.clone()),
            _ => return Err(want("a plain value", "简单值")),
        }),
    }
}

/// Bytes of a blob as a bundle writes them (UUID text or `0x` hex).
pub fn blob_of(s: &str) -> Option<Vec<u8>> {
    if let Some(h) = s.strip_prefix("0x") {
        if !h.len().is_multiple_of(2) {
            return None;
        }
        return (0..h.len() / 2)
            .map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).ok())
            .collect();
    }
    if s.len() != 36 {
        return None;
    }
    uuid::Uuid::parse_str(s).ok().map(|u| u.as_bytes().to_vec())
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

/// A row's key as bytes (as the change log names it).
pub fn key_bytes(v: &Sql) -> Vec<u8> {
    match v {
        Sql::Blob(b) => b.clone(),
        Sql::Text(t) => t.as_bytes().to_vec(),
        Sql::Integer(i) => i.to_string().into_bytes(),
        _ => Vec::new(),
    }
}

/// A row as a JSON object in column order, with `origin` as the installation's UUID.
pub fn row_json(spec: &Spec, vals: &[Sql], origins: &dyn Fn(i64) -> String) -> Map<String, Value> {
    let mut m = Map::new();
    for (c, v) in spec.cols.iter().zip(vals) {
        let j = match (spec.versioned && c.name == "origin", v) {
            (true, Sql::Integer(n)) => Value::String(origins(*n)),
            _ => to_json(v),
        };
        m.insert(c.name.clone(), j);
    }
    m
}

/// The columns that say which version a row is rather than what it holds: left out when
/// two rows are compared for their content.
pub const VERSION_COLS: &[&str] = &["id", "created_at", "updated_at", "origin", "clock"];

/// Whether two rows hold the same content (every column but [`VERSION_COLS`]).
pub fn same_content(spec: &Spec, a: &[Sql], b: &[Sql]) -> bool {
    spec.cols
        .iter()
        .zip(a.iter().zip(b))
        .all(|(c, (x, y))| VERSION_COLS.contains(&c.name.as_str()) || x == y)
}
