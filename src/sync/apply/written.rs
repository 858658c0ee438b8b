//! What an import does for a row it writes: a row under a new key inserted without lookups,
//! and after every row written its change-log entry, version and search-index row (the
//! versions a block at a time); and the time of each phase of an import.

use rusqlite::types::Value as Sql;

use super::{Ctx, Outcome};
use crate::db::Writer;
use crate::error::Result;
use crate::sync::rows::Table;
use crate::sync::verify::InRow;

/// Rows of `sync_versions` written by one statement.
pub(super) const VERSION_BLOCK: usize = 64;

/// Writes the versions due (see [`Ctx::versions_due`]).
pub(super) fn write_versions(
    tx: &rusqlite::Connection,
    due: &mut Vec<(&'static str, Vec<u8>, i64, i64, String)>,
) -> Result<()> {
    if due.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT OR REPLACE INTO sync_versions (tbl, row_key, local_set, clock, origin) VALUES {}",
        vec!["(?, ?, ?, ?, ?)"; due.len()].join(", ")
    );
    let mut p: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(due.len() * 5);
    for (t, k, set, clock, origin) in due.iter() {
        p.extend([t as &dyn rusqlite::ToSql, k, set, clock, origin]);
    }
    tx.prepare_cached(&sql)?.execute(p.as_slice())?;
    due.clear();
    Ok(())
}

/// A row under a key its table did not have when its part began, and whose unique values
/// need no lookup beforehand (see [`Table::collides_beside_insert`]): inserted at once.
/// `None` when it is not such a row or the insert is refused (a unique value held here): the
/// lookups then decide as for any row, the refused insert having changed nothing. A row of
/// an installation not registered yet takes the lookups too (registering it is a write).
/// The values inserted are the row's own, as `write_row` inserts them: a value `write_row`
/// changes before it inserts must be changed here as well.
pub(super) fn insert_new(
    w: &mut Writer<'_>,
    t: &Table<'_>,
    ctx: &mut Ctx,
    row: &mut InRow,
) -> Result<Option<Outcome>> {
    let origin = match t.origin {
        Some(i) => match ctx.numbers.get(&row.origin_id) {
            Some(n) => Some((i, *n)),
            None => return Ok(None),
        },
        None => None,
    };
    if !t.is_new(&row.key) || t.collides_beside_insert(w.tx(), &row.vals, &row.key)? {
        return Ok(None);
    }
    // The row's own values, its origin numbered here (put back when the lookups decide).
    if let Some((i, n)) = origin {
        row.vals[i] = Sql::Integer(n);
    }
    let done = w
        .tx()
        .prepare_cached(&t.insert)?
        .execute(rusqlite::params_from_iter(row.vals.iter()));
    if let Err(e) = done {
        if matches!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::ConstraintViolation)
        ) {
            if let Some((i, _)) = origin {
                row.vals[i] = Sql::Integer(0);
            }
            return Ok(None);
        }
        return Err(e.into());
    }
    written(w, t, ctx, row, &row.vals, None, false, &row.key)?;
    Ok(Some(Outcome::Applied))
}

/// What follows a row written with `vals` under `lkey`: its change-log entry (its image
/// from the values written), the version it came with, and for a cell its text index.
#[allow(clippy::too_many_arguments)]
pub(super) fn written(
    w: &mut Writer<'_>,
    t: &Table<'_>,
    ctx: &mut Ctx,
    row: &InRow,
    vals: &[Sql],
    before: Option<crate::audit::Image>,
    updated: bool,
    lkey: &[u8],
) -> Result<()> {
    let spec = t.spec;
    w.log_now_values(spec.name, lkey, before, &t.names, vals)?;
    ctx.versions_due.push((
        spec.name,
        lkey.to_vec(),
        w.clock(),
        row.version.0,
        row.version.1.clone(),
    ));
    if ctx.versions_due.len() >= VERSION_BLOCK {
        write_versions(w.tx(), &mut ctx.versions_due)?;
    }
    if spec.name == "cells" {
        if updated {
            crate::cells::search::reindex_row(w.tx(), lkey)?;
        } else {
            index_new_cell(w.tx(), t, lkey, vals)?;
        }
    }
    Ok(())
}

/// Adds a new cell to the cells' text index (a new row has no entry there to replace), from
/// the values written.
fn index_new_cell(tx: &rusqlite::Connection, t: &Table<'_>, id: &[u8], vals: &[Sql]) -> Result<()> {
    let text = |i: Option<usize>| match i.map(|i| &vals[i]) {
        Some(Sql::Text(t)) => t.as_str(),
        _ => "",
    };
    let at = |k: usize| t.search.map(|s| s[k]);
    let f = [
        text(at(0)),
        text(at(1)),
        text(at(2)),
        text(at(3)),
        text(at(4)),
    ];
    #[cfg(debug_assertions)]
    {
        // Test builds read the row back: the fields must be the stored row's.
        let stored: [String; 5] = tx
            .prepare_cached(
                "SELECT name, coalesce(uscc, ''), address, contact, manager FROM cells WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?])
            })?;
        debug_assert_eq!(stored, f.map(str::to_string), "text index fields of a cell");
    }
    tx.prepare_cached("INSERT INTO cells_fts (cell, terms) VALUES (?1, ?2)")?
        .execute(rusqlite::params![id, crate::cells::search::terms(&f)])?;
    Ok(())
}

/// The time each phase of an import took, printed to stderr when `ZWL_SYNC_TIMES` is set.
pub(super) struct Phases {
    on: bool,
    last: std::time::Instant,
    seen: Vec<(&'static str, f64)>,
}

impl Phases {
    pub(super) fn new() -> Self {
        Phases {
            on: std::env::var_os("ZWL_SYNC_TIMES").is_some(),
            last: std::time::Instant::now(),
            seen: Vec::new(),
        }
    }
    pub(super) fn mark(&mut self, what: &'static str) {
        if self.on {
            let now = std::time::Instant::now();
            self.seen.push((what, (now - self.last).as_secs_f64()));
            self.last = now;
        }
    }
    pub(super) fn show(&self) {
        if self.on {
            let parts: Vec<String> = self
                .seen
                .iter()
                .map(|(w, s)| format!("{w} {s:.2} s"))
                .collect();
            eprintln!("sync import phases: {}", parts.join(", "));
        }
    }
}
