//! Importing a bundle: verified whole first ([`super::verify`]), then a backup, then one
//! logged transaction in which each row is taken, skipped (already here, or older than what
//! is here) or kept as a conflict. Rows keep the origin and clock they came with.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::types::Value as Sql;
use rusqlite::OptionalExtension;
use serde::Serialize;

use super::rows::Table;
use super::tables::{self, Spec};
use super::verify::{show_key, Bundle, InRow, Reader};
use super::versions::Versions;
use super::{Progress, Version};
use crate::db::Writer;
use crate::error::{BundleProblem, Error, Result};
use crate::Ledger;

mod written;
use written::{insert_new, write_versions, written, Phases, VERSION_BLOCK};

/// Rows of one table in an export or import.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TableCount {
    /// The table.
    pub table: String,
    /// Rows written (export) or taken (import).
    pub rows: u64,
    /// Rows kept as conflicts (import).
    pub conflicts: u64,
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    /// The bundle.
    pub file: String,
    /// SHA-256 of the bundle file.
    pub sha256: String,
    /// The installation it came from: UUID, name, code.
    pub source_id: String,
    /// See `source_id`.
    pub source_name: String,
    /// See `source_id`.
    pub source_code: String,
    /// The same file was imported before: nothing was written.
    pub already: bool,
    /// Rows in the bundle.
    pub rows: u64,
    /// Rows taken, per table (tables with none left out).
    pub tables: Vec<TableCount>,
    /// Rows taken in all.
    pub applied: u64,
    /// Rows already here, or older than what is here.
    pub skipped: u64,
    /// Conflicts recorded.
    pub conflicts: u64,
    /// References taken naming the row here in place of a row made elsewhere and merged
    /// into it (the same plate, the same manifest number; see the conflicts list).
    pub remapped: u64,
    /// The source's chain head the bundle carries.
    pub head_seq: i64,
    /// See `head_seq`.
    pub head_hash: String,
    /// Whether the source's history extends the last head seen from it (false: its history
    /// was rewritten since an earlier bundle).
    pub head_ok: bool,
    /// The backup taken before the import (empty for a ledger in memory).
    pub backup: String,
}

/// What happened to one row.
enum Outcome {
    Applied,
    /// Applied over a version changed here, which is kept in the conflicts list.
    AppliedOverConflict,
    Skipped,
    Conflict,
}

/// Imports the bundle `file` (see the module's documentation).
pub fn import(
    l: &mut Ledger,
    file: &Path,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport> {
    if l.is_read_only() {
        return Err(Error::ReadOnlyLedger);
    }
    let specs = tables::specs(l.conn())?;
    let mut times = Phases::new();
    let mut b = Bundle::open(file, crate::db::SCHEMA_VERSION)?;
    times.mark("open");
    let m = b.manifest.clone();
    if m.source.id == l.installation() {
        return Err(Error::Bundle(BundleProblem::OwnBundle));
    }
    let mut report = ImportReport {
        file: file.display().to_string(),
        sha256: b.sha256.clone(),
        source_id: m.source.id.clone(),
        source_name: m.source.name.clone(),
        source_code: m.source.code.clone(),
        already: false,
        rows: 0,
        tables: Vec::new(),
        applied: 0,
        skipped: 0,
        conflicts: 0,
        remapped: 0,
        head_seq: m.head.seq,
        head_hash: m.head.hash.clone(),
        head_ok: true,
        backup: String::new(),
    };
    let seen: Option<i64> = l
        .conn()
        .query_row(
            "SELECT id FROM sync_history WHERE direction = 'import' AND sha256 = ?1",
            [&b.sha256],
            |r| r.get(0),
        )
        .optional()?;
    if seen.is_some() {
        report.already = true;
        return Ok(report);
    }
    // An older schema's bundle: its rows upgraded by the ledger's own upgrade steps first.
    let _scratch;
    if b.manifest.schema < crate::db::SCHEMA_VERSION {
        let (up, dir) = super::upgrade::upgraded(b, l.path(), progress)?;
        (b, _scratch) = (up, dir);
    }
    report.rows = b.check_all(&specs, progress)?;
    times.mark("verify");
    report.head_ok = head_extends(l, &mut b)?;
    if let Some(p) = l.path() {
        let dest = crate::db::backup_path(p, "sync-import");
        times.mark("chain");
        crate::db::backup(l.conn(), &dest)?;
        times.mark("backup");
        report.backup = dest.display().to_string();
    }
    let file_s = report.file.clone();
    let report = l.write(|w| {
        w.tx().execute_batch("PRAGMA defer_foreign_keys = ON")?;
        let mut report = report;
        apply_all(w, &mut b, &specs, &mut report, progress)?;
        times.mark("apply");
        refuse_broken_references(w)?;
        times.mark("references");
        let now = w.now().to_string();
        let op = w.operator().to_string();
        w.tx().execute(
            "INSERT INTO sync_history (at, direction, path, installation, name, code, sha256,
                full, rows, applied, conflicts, head_seq, head_hash, head_ok, newest, operator)
             VALUES (?1, 'import', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            rusqlite::params![
                now,
                file_s,
                m.source.id,
                m.source.name,
                m.source.code,
                report.sha256,
                m.full,
                report.rows as i64,
                report.applied as i64,
                report.conflicts as i64,
                m.head.seq,
                m.head.hash,
                report.head_ok,
                m.created_at,
                op
            ],
        )?;
        Ok(report)
    })?;
    times.mark("commit");
    times.show();
    Ok(report)
}

/// Whether the bundle's chain passes through the last head this ledger saw from the same
/// installation (in an earlier bundle).
fn head_extends(l: &Ledger, b: &mut Bundle) -> Result<bool> {
    let last: Option<(i64, String)> = l
        .conn()
        .query_row(
            "SELECT head_seq, head_hash FROM sync_history
             WHERE direction = 'import' AND installation = ?1 ORDER BY id DESC LIMIT 1",
            [&b.manifest.source.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let links = b.chain()?;
    let carries_head = links
        .last()
        .is_none_or(|(s, h)| *s == b.manifest.head.seq && *h == b.manifest.head.hash);
    Ok(carries_head
        && match last {
            None => true,
            Some((seq, hash)) => links.iter().any(|(s, h)| *s == seq && *h == hash),
        })
}

/// After the rows: a row that names one the ledger does not have refuses the bundle.
fn refuse_broken_references(w: &Writer<'_>) -> Result<()> {
    let broken: Option<(String, i64, String)> = w
        .tx()
        .query_row(
            "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check LIMIT 1",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                    r.get(2)?,
                ))
            },
        )
        .optional()?;
    match broken {
        None => Ok(()),
        Some((table, rowid, parent)) => Err(Error::Bundle(BundleProblem::BadRow {
            table,
            row: rowid as u64,
            field: String::new(),
            en: format!("it names a row of {parent} that neither the bundle nor this ledger has"),
            zh: format!("引用了同步包和本台账中都没有的 {parent} 记录"),
        })),
    }
}

/// The context of one import's rows.
struct Ctx {
    versions: Versions,
    /// Installation UUID → number.
    numbers: HashMap<String, i64>,
    bundle: String,
    remap: super::remap::Remap,
    /// The versions of rows written, not yet in `sync_versions`: (table, key, local change
    /// set, clock, origin). Written a block at a time, and before anything reads versions.
    versions_due: Vec<(&'static str, Vec<u8>, i64, i64, String)>,
}

fn apply_all(
    w: &mut Writer<'_>,
    b: &mut Bundle,
    specs: &[Spec],
    report: &mut ImportReport,
    progress: &mut dyn FnMut(Progress),
) -> Result<()> {
    let conn: &rusqlite::Connection = w.tx();
    let mut ctx = Ctx {
        versions: Versions::new(conn)?,
        numbers: super::versions::origins(conn)?
            .into_iter()
            .map(|(n, id)| (id, n))
            .collect(),
        bundle: report.sha256.clone(),
        remap: super::remap::Remap::load(conn, specs)?,
        versions_due: Vec::with_capacity(VERSION_BLOCK),
    };
    let schema = b.manifest.schema;
    for part in b.manifest.parts.clone() {
        let Some(spec) = specs
            .iter()
            .find(|s| s.name == part.table && s.part() == part.name)
        else {
            continue;
        };
        let t = Table::new(w.tx(), spec)?;
        let mut count = TableCount {
            table: spec.name.to_string(),
            rows: 0,
            conflicts: 0,
        };
        let mut reader = Reader::verified(spec, schema);
        b.lines(&part, |line, bytes| {
            let row = reader.row(line, bytes)?;
            match apply_row(w, &t, &mut ctx, row)? {
                Outcome::Applied => count.rows += 1,
                Outcome::AppliedOverConflict => {
                    count.rows += 1;
                    count.conflicts += 1;
                }
                Outcome::Skipped => report.skipped += 1,
                Outcome::Conflict => count.conflicts += 1,
            }
            if line.is_multiple_of(10_000) {
                progress(Progress {
                    stage: "apply".into(),
                    table: spec.name.into(),
                    rows: line,
                    total: part.rows,
                });
            }
            Ok(())
        })?;
        write_versions(w.tx(), &mut ctx.versions_due)?;
        w.flush_log()?;
        report.applied += count.rows;
        report.conflicts += count.conflicts;
        if count.rows + count.conflicts > 0 {
            report.tables.push(count);
        }
    }
    report.remapped = ctx.remap.followed;
    Ok(())
}

/// The installation number of `id`, registered when new.
fn number(w: &mut Writer<'_>, ctx: &mut Ctx, id: &str) -> Result<i64> {
    if let Some(n) = ctx.numbers.get(id) {
        return Ok(*n);
    }
    w.tx().execute(
        "INSERT INTO installations (id, first_seen) VALUES (?1, ?2)",
        (id, w.now().to_string()),
    )?;
    let n = w.tx().last_insert_rowid();
    w.log("installations", id.as_bytes(), None, None)?;
    ctx.numbers.insert(id.to_string(), n);
    ctx.versions.learn(n, id);
    Ok(n)
}

/// Takes one row, its references first following the merges known here (counted when the
/// row is taken).
fn apply_row(w: &mut Writer<'_>, t: &Table<'_>, ctx: &mut Ctx, mut row: InRow) -> Result<Outcome> {
    let n = ctx.remap.follow(w.tx(), t.spec, &mut row.vals)?;
    let out = take_row(w, t, ctx, row)?;
    if matches!(out, Outcome::Applied | Outcome::AppliedOverConflict) {
        ctx.remap.followed += n;
    }
    Ok(out)
}

fn take_row(w: &mut Writer<'_>, t: &Table<'_>, ctx: &mut Ctx, row: InRow) -> Result<Outcome> {
    let spec = t.spec;
    w.observe_clock(row.version.0);
    let mut row = row;
    if let Some(out) = insert_new(w, t, ctx, &mut row)? {
        return Ok(out);
    }
    // The lookups below read versions and the change log: what is due is written first.
    write_versions(w.tx(), &mut ctx.versions_due)?;
    w.flush_log()?;
    // The row here under the same key; or else the row that holds the same unique values (a
    // month's record of the same cell, a plate) made on another installation under another
    // id: the same thing, whose versions are compared in the same way, under the local key.
    let (local, lkey, reason) = match t.local(w.tx(), &row.key)? {
        Some(l) => (l, row.key.clone(), "concurrent"),
        None => match ctx.remap.collider(w.tx(), t, &row.vals, &row.key)? {
            Some(o) => {
                let k = tables::key_bytes(&o[spec.key_col]);
                (o, k, "unique")
            }
            None => return write_row(w, t, ctx, &row, None, &row.key),
        },
    };
    let (lv, lineage) = ctx.versions.of(w.tx(), spec, &lkey, &local)?;
    if reason == "unique" {
        merged(w, ctx, spec, &lkey, &local, &lv, &row)?;
    }
    if lv == row.version || lineage.contains(&row.version) {
        return Ok(Outcome::Skipped);
    }
    if row.lineage.contains(&lv) {
        return write_row(w, t, ctx, &row, Some(&local), &lkey);
    }
    // Changed on both sides since they last met: the higher version wins, the other is kept.
    let same = tables::same_content(spec, &local, &row.vals);
    let local_json = with_version(
        tables::row_json(spec, &local, &|n| ctx.versions.origin(n)),
        &lv,
    );
    if row.version > lv {
        let out = write_row(w, t, ctx, &row, Some(&local), &lkey)?;
        if !same && matches!(out, Outcome::Applied) {
            record(
                w,
                ctx,
                spec,
                &lkey,
                reason,
                (&row.json(), &row.version),
                (&local_json, &lv),
            )?;
            return Ok(Outcome::AppliedOverConflict);
        }
        Ok(out)
    } else {
        if !same {
            record(
                w,
                ctx,
                spec,
                &lkey,
                reason,
                (&local_json, &lv),
                (&row.json(), &row.version),
            )?;
            return Ok(Outcome::Conflict);
        }
        Ok(Outcome::Skipped)
    }
}

/// A row made elsewhere taken as the row `lkey` here: references to its id follow (see
/// [`super::remap`]); the merge of two rows of the same values is recorded as resolved.
fn merged(
    w: &Writer<'_>,
    ctx: &mut Ctx,
    spec: &Spec,
    lkey: &[u8],
    local: &[Sql],
    lv: &Version,
    row: &InRow,
) -> Result<()> {
    ctx.remap.learn(spec.name, &row.key, lkey);
    if ctx.remap.is_parent(spec.name) && tables::same_content(spec, local, &row.vals) {
        let here = with_version(
            tables::row_json(spec, local, &|n| ctx.versions.origin(n)),
            lv,
        );
        super::remap::record_same(
            w,
            &ctx.bundle,
            spec,
            lkey,
            (&here, lv),
            (&row.json(), &row.version),
        )?;
    }
    Ok(())
}

fn with_version(
    mut m: serde_json::Map<String, serde_json::Value>,
    v: &Version,
) -> serde_json::Map<String, serde_json::Value> {
    m.insert("@v".into(), serde_json::json!([v.0, v.1]));
    m
}

/// Inserts or updates the row as it came; a unique value it shares with another row makes
/// it a conflict instead (not applied).
fn write_row(
    w: &mut Writer<'_>,
    t: &Table<'_>,
    ctx: &mut Ctx,
    row: &InRow,
    local: Option<&Vec<Sql>>,
    lkey: &[u8],
) -> Result<Outcome> {
    let spec = t.spec;
    // The installation is registered only when one of its rows is written.
    let mut vals = row.vals.clone();
    if spec.versioned {
        let n = number(w, ctx, &row.origin_id)?;
        if let Some(i) = spec.col("origin") {
            vals[i] = Sql::Integer(n);
        }
    }
    let before = match local {
        Some(_) => w.snapshot(spec.name, lkey)?,
        None => None,
    };
    let conn: &rusqlite::Connection = w.tx();
    // The key the row is written under (the local one when it updates a row here).
    let key = match &vals[spec.key_col] {
        Sql::Text(_) => Sql::Text(String::from_utf8_lossy(lkey).into_owned()),
        _ => Sql::Blob(lkey.to_vec()),
    };
    let done = match local {
        None => conn
            .prepare_cached(&t.insert)?
            .execute(rusqlite::params_from_iter(vals.iter())),
        Some(_) => {
            let mut p: Vec<&Sql> = vals.iter().collect();
            p.push(&key);
            conn.prepare_cached(&t.update)?
                .execute(rusqlite::params_from_iter(p))
        }
    };
    if let Err(e) = done {
        use rusqlite::ffi;
        let ext = match &e {
            rusqlite::Error::SqliteFailure(f, _) => f.extended_code,
            _ => 0,
        };
        if ext == ffi::SQLITE_CONSTRAINT_UNIQUE || ext == ffi::SQLITE_CONSTRAINT_PRIMARYKEY {
            let other = t.collider(conn, &vals, &row.key)?;
            if let Some(o) = &other {
                if tables::same_content(spec, o, &vals) {
                    // The same thing made on both sides (a district, a kind): nothing to keep.
                    return Ok(Outcome::Skipped);
                }
            }
            let (kept, kv) = match other {
                Some(o) => {
                    let k = tables::key_bytes(&o[spec.key_col]);
                    let (v, _) = ctx.versions.of(conn, spec, &k, &o)?;
                    (
                        with_version(tables::row_json(spec, &o, &|n| ctx.versions.origin(n)), &v),
                        v,
                    )
                }
                None => (serde_json::Map::new(), (0, String::new())),
            };
            record(
                w,
                ctx,
                spec,
                &row.key,
                "unique",
                (&kept, &kv),
                (&row.json(), &row.version),
            )?;
            return Ok(Outcome::Conflict);
        }
        if matches!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::ConstraintViolation)
        ) {
            return Err(Error::Bundle(BundleProblem::BadRow {
                table: spec.name.into(),
                row: row.line,
                field: String::new(),
                en: format!(
                    "the row {} breaks a rule of the ledger's tables",
                    show_key(&row.key)
                ),
                zh: format!("记录 {} 不符合台账数据表的规则", show_key(&row.key)),
            }));
        }
        return Err(e.into());
    }
    if local.is_some() {
        vals[spec.key_col] = key;
    }
    written(w, t, ctx, row, &vals, before, local.is_some(), lkey)?;
    Ok(Outcome::Applied)
}

type Side<'a> = (&'a serde_json::Map<String, serde_json::Value>, &'a Version);

/// Keeps the losing version of a row for a clerk to review (once: the same pair of versions
/// seen again through another bundle is not recorded twice).
fn record(
    w: &mut Writer<'_>,
    ctx: &Ctx,
    spec: &Spec,
    key: &[u8],
    reason: &str,
    kept: Side<'_>,
    other: Side<'_>,
) -> Result<()> {
    let js = |m: &serde_json::Map<String, serde_json::Value>| {
        serde_json::Value::Object(m.clone()).to_string()
    };
    w.tx()
        .prepare_cached(
            "INSERT OR IGNORE INTO sync_conflicts (at, bundle, tbl, row_key, reason, kept,
                kept_clock, kept_origin, other, other_clock, other_origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(rusqlite::params![
            w.now(),
            ctx.bundle,
            spec.name,
            key,
            reason,
            js(kept.0),
            kept.1 .0,
            kept.1 .1,
            js(other.0),
            other.1 .0,
            other.1 .1
        ])?;
    Ok(())
}
