//! The conflicts list: the version of a row that lost (changed on both sides since they
//! last met, or sharing a unique value with another row), kept beside the version that is
//! current until a clerk resolves it — keeping the current version, or taking the other as
//! a new local edit (a higher clock, so that it travels on and wins everywhere).

use rusqlite::types::Value as Sql;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::tables::{self, Spec};
use crate::error::{Error, Result, Rule};
use crate::Ledger;

/// One field of a conflict, both versions side by side.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConflictField {
    /// The column.
    pub field: String,
    /// Its label in Chinese.
    pub label_zh: String,
    /// Its label in English.
    pub label_en: String,
    /// The current version's value, as text.
    pub current: String,
    /// The other version's value, as text.
    pub other: String,
    /// Whether they differ.
    pub differs: bool,
}

/// A conflict as the clerk reviews it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Conflict {
    /// Its number.
    pub id: i64,
    /// When it was found (local time).
    pub at: String,
    /// SHA-256 of the bundle that brought it.
    pub bundle: String,
    /// The table.
    pub table: String,
    /// The row's id or key.
    pub row: String,
    /// `concurrent` (changed on both sides) or `unique` (a unique value taken by another
    /// row; the other version was not applied).
    pub reason: String,
    /// The current version: its clock and installation.
    pub current_clock: i64,
    /// See `current_clock`.
    pub current_origin: String,
    /// The other version: its clock and installation.
    pub other_clock: i64,
    /// See `other_clock`.
    pub other_origin: String,
    /// Both versions, field by field.
    pub fields: Vec<ConflictField>,
    /// When it was resolved (local time), if it was.
    pub resolved_at: Option<String>,
    /// Who resolved it.
    pub resolved_by: Option<String>,
    /// `current` or `other`.
    pub resolution: Option<String>,
    /// The reason given.
    pub note: Option<String>,
}

/// Which version a resolution keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Keep {
    /// The version the ledger holds.
    Current,
    /// The other version: written again as a new local edit.
    Other,
}

fn text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

fn fields(kept: &Map<String, Value>, other: &Map<String, Value>) -> Vec<ConflictField> {
    let mut names: Vec<&String> = kept
        .keys()
        .chain(other.keys())
        .filter(|k| !k.starts_with('@'))
        .collect();
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(*n));
    names
        .into_iter()
        .map(|n| {
            let (zh, en) = crate::error::field_names(n);
            let (a, b) = (text(kept.get(n)), text(other.get(n)));
            ConflictField {
                field: n.clone(),
                label_zh: zh.to_string(),
                label_en: en.to_string(),
                differs: a != b,
                current: a,
                other: b,
            }
        })
        .collect()
}

const SELECT: &str = "SELECT id, at, bundle, tbl, row_key, reason, kept, kept_clock, kept_origin,
    other, other_clock, other_origin, resolved_at, resolved_by, resolution, note FROM sync_conflicts";

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Conflict> {
    let parse = |s: String| serde_json::from_str::<Map<String, Value>>(&s).unwrap_or_default();
    let kept = parse(r.get(6)?);
    let other = parse(r.get(9)?);
    let key: Vec<u8> = r.get(4)?;
    Ok(Conflict {
        id: r.get(0)?,
        at: super::history::local(&r.get::<_, String>(1)?),
        bundle: r.get(2)?,
        table: r.get(3)?,
        row: super::verify::show_key(&key),
        reason: r.get(5)?,
        current_clock: r.get(7)?,
        current_origin: r.get(8)?,
        other_clock: r.get(10)?,
        other_origin: r.get(11)?,
        fields: fields(&kept, &other),
        resolved_at: r
            .get::<_, Option<String>>(12)?
            .map(|t| super::history::local(&t)),
        resolved_by: r.get(13)?,
        resolution: r.get(14)?,
        note: r.get(15)?,
    })
}

/// The conflicts still open (every conflict with `all`), oldest first.
pub fn conflicts(conn: &Connection, all: bool) -> Result<Vec<Conflict>> {
    let sql = if all {
        format!("{SELECT} ORDER BY id")
    } else {
        format!("{SELECT} WHERE resolved_at IS NULL ORDER BY id")
    };
    let mut st = conn.prepare(&sql)?;
    let rows = st.query_map([], read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Resolves conflict `id`: keeps the current version, or takes the other as a new local
/// edit of the row (logged like any edit, with `reason`).
pub fn resolve(l: &mut Ledger, id: i64, keep: Keep, reason: Option<&str>) -> Result<Conflict> {
    let found: Option<(String, Vec<u8>, String, Option<String>)> = l
        .conn()
        .query_row(
            "SELECT tbl, row_key, other, resolved_at FROM sync_conflicts WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((table, key, other, resolved)) = found else {
        return Err(Error::NotFound {
            what: "conflict",
            key: id.to_string(),
        });
    };
    if resolved.is_some() {
        return Err(Error::field(
            "conflict",
            Rule::BadValue,
            &[("value", &id.to_string())],
        ));
    }
    let specs = tables::specs(l.conn())?;
    let spec = specs
        .iter()
        .find(|s| s.name == table)
        .cloned()
        .ok_or_else(|| Error::NotFound {
            what: "conflict",
            key: id.to_string(),
        })?;
    let other: Map<String, Value> = serde_json::from_str(&other).unwrap_or_default();
    l.write(|w| {
        if keep == Keep::Other {
            take_other(w, &spec, &key, &other, reason)?;
        }
        let now = w.now().to_string();
        let by = w.operator().to_string();
        let kind = match keep {
            Keep::Current => "current",
            Keep::Other => "other",
        };
        w.tx().execute(
            "UPDATE sync_conflicts SET resolved_at = ?2, resolved_by = ?3, resolution = ?4, note = ?5
             WHERE id = ?1",
            rusqlite::params![id, now, by, kind, reason],
        )?;
        Ok(())
    })?;
    let c = l
        .conn()
        .query_row(&format!("{SELECT} WHERE id = ?1"), [id], read)?;
    Ok(c)
}

/// Writes the other version's values as a new local edit of the row (a new row when the
/// other version never was applied).
fn take_other(
    w: &mut crate::db::Writer<'_>,
    spec: &Spec,
    key: &[u8],
    other: &Map<String, Value>,
    reason: Option<&str>,
) -> Result<()> {
    let mut vals: Vec<Sql> = Vec::new();
    for c in &spec.cols {
        let v = match (c.name.as_str(), spec.versioned) {
            ("origin", true) => Sql::Integer(w.origin()),
            ("clock", true) => Sql::Integer(w.clock()),
            ("updated_at", _) if c.ty == tables::Ty::Integer => Sql::Integer(w.now_ms()),
            _ => tables::from_json(c, other.get(&c.name).unwrap_or(&Value::Null))
                .map_err(|(_, _)| Error::field(&c.name, Rule::BadValue, &[("value", "")]))?,
        };
        vals.push(v);
    }
    let before = w.snapshot(spec.name, key)?;
    let cols: Vec<String> = spec
        .cols
        .iter()
        .map(|c| format!("\"{}\"", c.name))
        .collect();
    let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
    let sql = if before.is_some() {
        format!(
            "UPDATE {} SET {} WHERE {} = ?{}",
            spec.name,
            cols.iter()
                .enumerate()
                .filter(|(i, _)| *i != spec.key_col)
                .map(|(i, c)| format!("{c} = ?{}", i + 1))
                .collect::<Vec<_>>()
                .join(", "),
            spec.key,
            cols.len() + 1
        )
    } else {
        format!(
            "INSERT INTO {} ({}) VALUES ({})",
            spec.name,
            cols.join(", "),
            marks.join(", ")
        )
    };
    let mut params = vals.clone();
    if before.is_some() {
        params.push(match &vals[spec.key_col] {
            Sql::Text(t) => Sql::Text(t.clone()),
            _ => Sql::Blob(key.to_vec()),
        });
    }
    w.tx()
        .execute(&sql, rusqlite::params_from_iter(params))
        .map_err(|e| {
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::ConstraintViolation)
            ) {
                Error::field(
                    &spec.cols[spec.key_col].name,
                    Rule::BadValue,
                    &[("value", &super::verify::show_key(key))],
                )
            } else {
                e.into()
            }
        })?;
    w.log(spec.name, key, before, reason)?;
    if spec.name == "cells" {
        crate::cells::search::reindex_row(w.tx(), key)?;
    }
    Ok(())
}
