//! Denominators: the kinds of activity figure (人数, 户数, 产值 …) and which of them each kind
//! of cell divides each waste stream by (a factory's industrial waste per 万元 of output and
//! per tonne of product; a community's household waste per household and per person).

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::categories::{streams, update};
use crate::db::Writer;
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::RefId;

/// A kind of activity figure (人数, 户数, 产值 …).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ActivityKind {
    /// Key (`people`, `output_value` …).
    pub key: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Unit, Chinese (人, 户, 万元 …).
    pub unit_zh: String,
    /// Unit, English.
    pub unit_en: String,
    /// A count of people or households: per-capita figures are also given per day.
    pub per_day: bool,
}

/// One figure a kind of cell divides a stream by.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KindDenominator {
    /// Kind key.
    pub kind: String,
    /// Stream key.
    pub stream: String,
    /// Activity figure key.
    pub figure: String,
}

/// The kinds of activity figure.
pub fn activity_kinds(conn: &Connection) -> Result<Vec<ActivityKind>> {
    let mut st = conn.prepare_cached(
        "SELECT key, name_zh, name_en, unit_zh, unit_en, per_day FROM activity_kinds ORDER BY sort",
    )?;
    let rows = st.query_map([], |r| {
        Ok(ActivityKind {
            key: r.get(0)?,
            name_zh: r.get(1)?,
            name_en: r.get(2)?,
            unit_zh: r.get(3)?,
            unit_en: r.get(4)?,
            per_day: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Finds a kind of activity figure by key or name.
pub fn find_activity_kind(conn: &Connection, input: &str) -> Result<Option<ActivityKind>> {
    let s = input.trim();
    Ok(activity_kinds(conn)?
        .into_iter()
        .find(|k| k.key == s || k.name_zh == s || k.name_en.eq_ignore_ascii_case(s)))
}

/// What each kind divides each stream by, in order.
pub fn denominators(conn: &Connection) -> Result<Vec<KindDenominator>> {
    let mut st = conn.prepare_cached(
        "SELECT d.kind, d.stream, d.figure FROM kind_denominators d
         JOIN waste_streams s ON s.key = d.stream
         WHERE d.deleted = 0 ORDER BY d.kind, s.sort, d.sort",
    )?;
    let rows = st.query_map([], |r| {
        Ok(KindDenominator {
            kind: r.get(0)?,
            stream: r.get(1)?,
            figure: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Sets the figures a kind divides a stream by, in order (empty: none).
pub fn set_denominators(
    w: &mut Writer<'_>,
    kind: &str,
    stream: &str,
    figures: &[String],
) -> Result<()> {
    let mut errs = Vec::new();
    let kind_key = crate::profile::find_kind(w.tx(), kind)?.map(|k| k.key);
    if kind_key.is_none() {
        errs.push(FieldError::new(
            None,
            "kind",
            Rule::UnknownKind,
            &[("value", kind.trim())],
        ));
    }
    let stream_key = streams(w.tx())?
        .into_iter()
        .find(|s| s.key == stream.trim() || s.name_zh == stream.trim())
        .map(|s| s.key);
    if stream_key.is_none() {
        errs.push(FieldError::new(
            None,
            "stream",
            Rule::UnknownStream,
            &[("value", stream.trim())],
        ));
    }
    let mut keys = Vec::new();
    for f in figures.iter().filter(|f| !f.trim().is_empty()) {
        match find_activity_kind(w.tx(), f)? {
            Some(k) if !keys.contains(&k.key) => keys.push(k.key),
            Some(_) => {}
            None => {
                let kinds = activity_kinds(w.tx())?;
                let zh: Vec<&str> = kinds.iter().map(|k| k.name_zh.as_str()).collect();
                let en: Vec<&str> = kinds.iter().map(|k| k.name_en.as_str()).collect();
                errs.push(FieldError::new(
                    None,
                    "figure",
                    Rule::UnknownFigure,
                    &[
                        ("value", f.trim()),
                        ("known", &zh.join("、")),
                        ("known_en", &en.join(", ")),
                    ],
                ))
            }
        }
    }
    if !errs.is_empty() {
        return Err(Error::Invalid(errs));
    }
    let (kind, stream) = (kind_key.unwrap_or_default(), stream_key.unwrap_or_default());
    let existing: Vec<(RefId, String, i64, bool)> = w
        .tx()
        .prepare(
            "SELECT id, figure, sort, deleted FROM kind_denominators WHERE kind = ?1 AND stream = ?2",
        )?
        .query_map((&kind, &stream), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (id, figure, sort, deleted) in &existing {
        match keys.iter().position(|k| k == figure) {
            Some(i) if *deleted || *sort != i as i64 + 1 => update(
                w,
                "kind_denominators",
                *id,
                "deleted = 0, sort = ?2",
                vec![(i as i64 + 1).into()],
            )?,
            None if !deleted => update(
                w,
                "kind_denominators",
                *id,
                "deleted = ?2",
                vec![true.into()],
            )?,
            _ => {}
        }
    }
    for (i, k) in keys.iter().enumerate() {
        if existing.iter().any(|e| &e.1 == k) {
            continue;
        }
        let id = RefId::new();
        w.tx().execute(
            "INSERT INTO kind_denominators (id, kind, stream, figure, sort, created_at, updated_at,
                 origin, clock)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)",
            rusqlite::params![
                id,
                kind,
                stream,
                k,
                i as i64 + 1,
                w.now_ms(),
                w.origin(),
                w.clock()
            ],
        )?;
        w.log("kind_denominators", id.as_bytes(), None, None)?;
    }
    Ok(())
}
