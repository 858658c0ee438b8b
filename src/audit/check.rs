//! `zwl check` (核查): SQLite's own checks, the references the schema leaves to the core, the
//! chain of change sets, and every covered row against its change-log entries.

use std::collections::HashMap;

use rusqlite::types::Value as Sql;
use rusqlite::Connection;
use serde::Serialize;

use super::chain::{self, EntryRow, Head};
use super::history::undo;
use super::images::{self, show_id, Delta};
use super::log::block_hash;
use super::{COVERED, NOT_LOGGED, TABLES};
use crate::error::Result;

/// References the schema leaves to the core (no FOREIGN KEY, measured to cost a fifth of a
/// bulk insert): child table, column, parent table, parent column. `check` verifies them, and
/// every audited row's `origin` against `installations`.
const SOFT_REFERENCES: &[(&str, &str, &str, &str)] = &[
    ("cell_records", "cell_id", "cells", "id"),
    ("cell_records", "category", "waste_categories", "key"),
];

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
    /// Change sets (links of the chain) walked.
    pub change_sets: u64,
    /// The first change set whose link does not hold, if any.
    pub first_broken_link: Option<i64>,
    /// The head of the chain as stored.
    pub head: Option<Head>,
    /// Heads shown before that were checked against the chain.
    pub heads_checked: u64,
    /// Disagreements between the tables and the change log, and breaks of the chain (first 50).
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

/// What the log says of one row.
#[derive(Default)]
struct RowLog {
    latest_seq: i64,
    latest_hash: Option<i64>,
    first_is_insert: bool,
    /// The entries' deltas, kept for rows whose first entry is not their insert (a row a bulk
    /// insert or an upgrade's baseline began), to rebuild the row as it began.
    deltas: Vec<Delta>,
}

/// A bulk insert's block entry.
struct Block {
    first: Vec<u8>,
    last: Vec<u8>,
    rows: i64,
    hash: Option<i64>,
    members: Vec<([u8; 16], i64)>,
}

const ACTIONS: &[&str] = &["insert", "update", "delete", "bulk_insert"];

/// Runs every check: `PRAGMA integrity_check` and `foreign_key_check`, the text index, the
/// references left to the core; the chain (every link recomputed, the first broken one named,
/// every head shown before still extended); every covered row against its latest entry (or
/// its bulk block, or the upgrade's baseline); and every entry against a row that exists.
pub fn check(conn: &Connection) -> Result<CheckReport> {
    let mut rep = CheckReport::default();
    sqlite_checks(conn, &mut rep)?;
    uncovered_tables(conn, &mut rep)?;

    let mut rows: HashMap<String, HashMap<Vec<u8>, RowLog>> = HashMap::new();
    let mut blocks: HashMap<String, HashMap<i64, Vec<Block>>> = HashMap::new();
    let mut entry_problems = Vec::new();
    let walk = chain::walk_with(conn, |e: &EntryRow| {
        if !ACTIONS.contains(&e.action.as_str()) || !COVERED.iter().any(|c| c.0 == e.tbl) {
            entry_problems.push(format!(
                "change_log: entry {} has an unknown action or table ({} {})",
                e.seq, e.action, e.tbl
            ));
            return;
        }
        let delta = e.delta.clone().unwrap_or_default();
        if e.action == "bulk_insert" {
            let rows = match delta
                .iter()
                .find(|d| d.0 == "@rows")
                .map(|d| d.1.as_slice())
            {
                Some([Sql::Integer(n)]) => *n,
                _ => -1,
            };
            let last = match delta
                .iter()
                .find(|d| d.0 == "@last")
                .map(|d| d.1.as_slice())
            {
                Some([Sql::Blob(b)]) => b.clone(),
                _ => e.row_id.clone(),
            };
            blocks
                .entry(e.tbl.clone())
                .or_default()
                .entry(e.change_set)
                .or_default()
                .push(Block {
                    first: e.row_id.clone(),
                    last,
                    rows,
                    hash: e.after_hash,
                    members: Vec::new(),
                });
            return;
        }
        let r = rows
            .entry(e.tbl.clone())
            .or_default()
            .entry(e.row_id.clone())
            .or_insert_with(|| RowLog {
                first_is_insert: e.action == "insert",
                ..Default::default()
            });
        r.latest_seq = e.seq;
        r.latest_hash = e.after_hash;
        if !r.first_is_insert {
            r.deltas.push(delta);
        }
    })?;
    rep.log_entries = walk.entries;
    rep.change_sets = walk.links.len() as u64;
    rep.first_broken_link = walk.first_broken;
    for p in walk.problems.iter().cloned().chain(entry_problems) {
        rep.problem(p);
    }
    for h in chain::seen_heads(conn)? {
        rep.heads_checked += 1;
        let status = walk.status_of(h.seq, &h.hash);
        if status == chain::HeadStatus::Rewritten {
            rep.problem(format!(
                "chain: history rewritten: it no longer extends head #{} {} shown {} ({})",
                h.seq,
                &h.hash[..16],
                h.seen_at,
                h.seen_by
            ));
        }
    }
    counters(conn, &mut rep)?;

    let mut baseline: HashMap<String, HashMap<Vec<u8>, i64>> = HashMap::new();
    {
        let mut st = conn.prepare("SELECT tbl, row_id, hash FROM change_baseline")?;
        let mut q = st.query([])?;
        while let Some(r) = q.next()? {
            baseline
                .entry(r.get(0)?)
                .or_default()
                .insert(r.get(1)?, r.get(2)?);
        }
    }
    for (table, key, only) in COVERED {
        check_table(
            conn,
            (table, key, only),
            rows.remove(*table).unwrap_or_default(),
            blocks.remove(*table).unwrap_or_default(),
            baseline.remove(*table).unwrap_or_default(),
            &mut rep,
        )?;
    }
    rep.head = Some(chain::head(conn)?);
    Ok(rep)
}

fn sqlite_checks(conn: &Connection, rep: &mut CheckReport) -> Result<()> {
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
    rep.integrity.extend(crate::db::foundation_problems(conn)?);
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
    Ok(())
}

/// Every table is either logged ([`COVERED`]) or named as not logged ([`NOT_LOGGED`]).
fn uncovered_tables(conn: &Connection, rep: &mut CheckReport) -> Result<()> {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for n in names {
        let exempt = NOT_LOGGED.iter().any(|x| match x.strip_suffix('*') {
            Some(prefix) => n.starts_with(prefix),
            None => n == *x,
        });
        if !exempt && !COVERED.iter().any(|c| c.0 == n) {
            rep.problem(format!("{n}: a table the change log does not cover"));
        }
    }
    Ok(())
}

/// The counters in `meta`: the last entry's number, and a clock no older than the chain.
fn counters(conn: &Connection, rep: &mut CheckReport) -> Result<()> {
    let (seq, max_seq, clock, max_set): (i64, i64, i64, i64) = conn.query_row(
        "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'log_seq'), 0),
                coalesce((SELECT max(seq) FROM change_log), 0),
                coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'clock'), 0),
                coalesce((SELECT max(id) FROM change_sets), 0)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    if seq != max_seq {
        rep.problem(format!(
            "meta: log_seq is {seq}, the last change-log entry is {max_seq}"
        ));
    }
    if clock < max_set {
        rep.problem(format!(
            "meta: clock is {clock}, older than change set {max_set}"
        ));
    }
    Ok(())
}

/// The checks of one covered table: each row against its latest entry, or as it began
/// against its bulk block or the baseline; each logged row against a row that exists.
fn check_table(
    conn: &Connection,
    (table, key, only): (&str, &str, &str),
    mut logged: HashMap<Vec<u8>, RowLog>,
    mut blocks: HashMap<i64, Vec<Block>>,
    mut baseline: HashMap<Vec<u8>, i64>,
    rep: &mut CheckReport,
) -> Result<()> {
    let mut st = conn.prepare(&format!("SELECT *, {key} FROM {table} WHERE {only}"))?;
    let n = st.column_count() - 1;
    let names: Vec<String> = st.column_names()[..n]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let clock_col = names.iter().position(|c| c == "clock");
    // Rows as a bulk insert wrote them, by change set: (id, row hash).
    // (16-byte ids kept inline: at millions of generated rows this is the check's memory.)
    let mut members: HashMap<i64, Vec<([u8; 16], i64)>> = HashMap::new();
    let mut q = st.query([])?;
    while let Some(r) = q.next()? {
        rep.rows_checked += 1;
        let id: Vec<u8> = r.get(n)?;
        let hash = images::row_hash(n, r);
        // The row as it began (its hash and clock), when no insert entry of its own says so.
        let began = match logged.remove(&id) {
            Some(log) => {
                if log.latest_hash != Some(hash) {
                    rep.problem(format!(
                        "{table} {}: differs from its last change-log entry ({})",
                        show_id(&id),
                        log.latest_seq
                    ));
                }
                if log.first_is_insert {
                    continue;
                }
                let mut row = images::image(&names, r).cols;
                for d in log.deltas.iter().rev() {
                    row = undo(&row, d);
                }
                let clock = match row.iter().find(|c| c.0 == "clock") {
                    Some((_, Sql::Integer(c))) => Some(*c),
                    _ => None,
                };
                (images::hash_values(row.iter().map(|c| &c.1)), clock)
            }
            None => (hash, clock_col.and_then(|k| r.get(k).ok())),
        };
        match (baseline.remove(&id), began) {
            (Some(h), (got, _)) if h == got => {}
            (Some(_), _) => rep.problem(format!(
                "{table} {}: differs from the row as the upgrade to version 3 recorded it",
                show_id(&id)
            )),
            (None, (got, Some(clock))) if clock_col.is_some() && id.len() == 16 => {
                let mut k = [0u8; 16];
                k.copy_from_slice(&id);
                members.entry(clock).or_default().push((k, got));
            }
            (None, _) => rep.problem(format!("{table} {}: no change-log entry", show_id(&id))),
        }
    }
    for (id, log) in logged {
        if log.latest_hash.is_some() {
            rep.problem(format!(
                "{table} {}: logged (entry {}) but not in the table",
                show_id(&id),
                log.latest_seq
            ));
        }
    }
    for id in baseline.keys() {
        rep.problem(format!(
            "{table} {}: recorded by the upgrade to version 3 but not in the table",
            show_id(id)
        ));
    }
    for (clock, mut rows) in members {
        rows.sort_unstable_by_key(|r| r.0);
        let list = blocks.entry(clock).or_default();
        list.sort_by(|a, b| a.first.cmp(&b.first));
        for (id, hash) in rows {
            let i = list.partition_point(|b| b.first.as_slice() <= id.as_slice());
            match i.checked_sub(1).map(|i| &mut list[i]) {
                Some(b) if id.as_slice() <= b.last.as_slice() => b.members.push((id, hash)),
                _ => rep.problem(format!(
                    "{table} {}: no change-log entry (clock {clock})",
                    show_id(&id)
                )),
            }
        }
    }
    let mut all: Vec<(i64, Block)> = blocks
        .into_iter()
        .flat_map(|(cs, v)| v.into_iter().map(move |b| (cs, b)))
        .collect();
    all.sort_by(|a, b| (a.0, &a.1.first).cmp(&(b.0, &b.1.first)));
    for (cs, b) in all {
        let name = format!(
            "{table}: bulk insert block {}…{} of change set {cs}",
            show_id(&b.first),
            show_id(&b.last)
        );
        let found = b.members.len() as i64;
        if found == 0 {
            rep.problem(format!("{name} logged {} rows, none found", b.rows));
        } else if found != b.rows {
            rep.problem(format!("{name} logged {} rows, {found} found", b.rows));
        } else if b.hash != Some(block_hash(&b.members)) {
            rep.problem(format!("{name}: the rows differ from what it logged"));
        }
    }
    Ok(())
}
