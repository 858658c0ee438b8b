//! A bundle of an older schema version, upgraded before it is imported (旧版本同步包的升级).
//!
//! The bundle's rows are loaded into a scratch database of the bundle's own schema version,
//! the same upgrade steps that upgrade a ledger file (`db::migrations::STEPS`) run over it,
//! and the rows, now in the current shape, are written again as a bundle of the current
//! version with their versions (`@v`, `@lineage`) and the chain they came with. That bundle
//! is then read and applied as any other. A row an upgrade step makes of its own (a seed
//! row) has no version from the source and does not travel: every ledger makes its own.
//!
//! The oldest schema a bundle is upgraded from is [`OLDEST`] (the scratch database is built
//! from its frozen schema, `schema_v4.sql`); a bundle older still is refused naming both.
//! The upgrade steps' reference checks do not run over the scratch database: a bundle holds
//! only the rows that changed, and its references are checked when it is applied.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use rusqlite::types::Value as Sql;
use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;
use tempfile::TempDir;

use super::export::{opts, zip_err, PartSink};
use super::manifest::Part;
use super::tables::{self, Spec};
use super::verify::{parse_row, Bundle};
use super::Progress;
use crate::error::{BundleProblem, Error, Result};

/// The oldest schema version a bundle is upgraded from.
pub const OLDEST: i64 = 4;

/// The schema of version [`OLDEST`], frozen.
const SCHEMA_V4: &str = include_str!("schema_v4.sql");

/// The bundle `old` (of an older schema version) upgraded: a bundle of the current version
/// in a scratch folder that lives as long as the [`TempDir`] returned (removed with it). The new bundle keeps
/// the old file's SHA-256, so that importing the same file twice is still recognised.
pub(crate) fn upgraded(
    mut old: Bundle,
    near: Option<&Path>,
    progress: &mut dyn FnMut(Progress),
) -> Result<(Bundle, TempDir)> {
    let from = old.manifest.schema;
    if from < OLDEST {
        return Err(Error::Bundle(BundleProblem::BadManifest(format!(
            "schema version {from} is older than the oldest a bundle is upgraded from ({OLDEST})"
        ))));
    }
    let base = near
        .and_then(Path::parent)
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(std::env::temp_dir);
    let scratch = tempfile::Builder::new()
        .prefix(".zwl-sync-upgrade-")
        .tempdir_in(&base)?;
    let dir = scratch.path().to_path_buf();
    let mut db = Connection::open(dir.join("rows.db"))?;
    db.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;",
    )?;
    db.execute_batch(SCHEMA_V4)?;
    db.pragma_update(None, "user_version", OLDEST)?;
    // Older than OLDEST is refused above; between OLDEST and the bundle's version, the steps.
    run_steps(&mut db, OLDEST, from)?;
    db.execute_batch(
        "CREATE TABLE temp_sync_rows (tbl TEXT NOT NULL, key BLOB NOT NULL, v TEXT NOT NULL,
            lineage TEXT, PRIMARY KEY (tbl, key)) WITHOUT ROWID;",
    )?;
    let old_specs: Vec<Spec> = tables::specs(&db)?
        .into_iter()
        .filter(|s| !s.cols.is_empty())
        .collect();
    // Every row read and checked against its version's columns and the forms' rules first.
    old.check_all(&old_specs, progress)?;
    let mut origins: HashMap<String, i64> = HashMap::new();
    {
        let tx = db.transaction()?;
        for part in old.manifest.parts.clone() {
            let Some(spec) = old_specs.iter().find(|s| s.part() == part.name) else {
                continue;
            };
            load_part(&tx, &mut old, spec, &part, &mut origins)?;
        }
        tx.commit()?;
    }
    run_steps(&mut db, from, crate::db::SCHEMA_VERSION)?;
    let path = dir.join("upgraded.zip");
    write(&db, &mut old, &path)?;
    drop(db);
    let sha = old.sha256.clone();
    let mut b = Bundle::open(&path, crate::db::SCHEMA_VERSION)?;
    b.sha256 = sha;
    Ok((b, scratch))
}

/// Runs the released upgrade steps after `from` up to `to` over the scratch database.
fn run_steps(db: &mut Connection, from: i64, to: i64) -> Result<()> {
    let tx = db.transaction()?;
    for step in crate::db::migrations::STEPS
        .iter()
        .filter(|s| s.to > from && s.to <= to)
    {
        tx.execute_batch(step.sql)?;
        if let Some(then) = step.then {
            then(&tx)?;
        }
        tx.pragma_update(None, "user_version", step.to)?;
    }
    tx.commit()?;
    Ok(())
}

/// Loads one part's rows into the scratch database, with their versions beside them.
fn load_part(
    tx: &rusqlite::Transaction<'_>,
    b: &mut Bundle,
    spec: &Spec,
    part: &Part,
    origins: &mut HashMap<String, i64>,
) -> Result<()> {
    let cols: Vec<String> = spec
        .cols
        .iter()
        .map(|c| format!("\"{}\"", c.name))
        .collect();
    let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
    let insert = format!(
        "INSERT INTO {} ({}) VALUES ({})",
        spec.name,
        cols.join(", "),
        marks.join(", ")
    );
    let schema = b.manifest.schema;
    b.lines(part, |line, bytes| {
        let mut row = parse_row(spec, schema, line, bytes)?;
        if spec.versioned {
            let n = match origins.get(&row.origin_id) {
                Some(n) => *n,
                None => {
                    tx.execute(
                        "INSERT OR IGNORE INTO installations (id, first_seen) VALUES (?1, '')",
                        [&row.origin_id],
                    )?;
                    let n: i64 = tx.query_row(
                        "SELECT n FROM installations WHERE id = ?1",
                        [&row.origin_id],
                        |r| r.get(0),
                    )?;
                    origins.insert(row.origin_id.clone(), n);
                    n
                }
            };
            if let Some(i) = spec.col("origin") {
                row.vals[i] = Sql::Integer(n);
            }
        }
        tx.prepare_cached(&insert)?
            .execute(rusqlite::params_from_iter(row.vals.iter()))?;
        let lineage = row.json().get("@lineage").map(Value::to_string);
        tx.prepare_cached(
            "INSERT INTO temp_sync_rows (tbl, key, v, lineage) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(rusqlite::params![
            spec.name,
            row.key,
            serde_json::json!([row.version.0, row.version.1]).to_string(),
            lineage
        ])?;
        Ok(())
    })
}

/// Writes the upgraded rows as a bundle of the current version at `path`.
fn write(db: &Connection, old: &mut Bundle, path: &Path) -> Result<()> {
    let specs = tables::specs(db)?;
    let origins: HashMap<i64, String> = super::versions::origins(db)?;
    let mut zip = zip::ZipWriter::new(BufWriter::with_capacity(1 << 20, File::create(path)?));
    let mut parts = Vec::new();
    for spec in &specs {
        zip.start_file(spec.part(), opts()).map_err(zip_err)?;
        let mut sink = PartSink::new(&mut zip);
        let mut st = db.prepare(&format!(
            "SELECT * FROM {t} WHERE ({only}) ORDER BY {key}",
            t = spec.name,
            only = spec.only,
            key = spec.key
        ))?;
        let n = spec.cols.len();
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let vals: Vec<Sql> = (0..n).map(|i| r.get(i)).collect::<rusqlite::Result<_>>()?;
            let key = tables::key_bytes(&vals[spec.key_col]);
            let found: Option<(String, Option<String>)> = db
                .prepare_cached(
                    "SELECT v, lineage FROM temp_sync_rows WHERE tbl = ?1 AND key = ?2",
                )?
                .query_row(rusqlite::params![spec.name, key], |x| {
                    Ok((x.get(0)?, x.get(1)?))
                })
                .optional()?;
            // A row an upgrade step made here: not the source's, it does not travel.
            let Some((v, lineage)) = found else { continue };
            let mut m = tables::row_json(spec, &vals, &|o| {
                origins.get(&o).cloned().unwrap_or_default()
            });
            m.insert("@v".into(), serde_json::from_str(&v).unwrap_or_default());
            if let Some(l) = lineage {
                m.insert(
                    "@lineage".into(),
                    serde_json::from_str(&l).unwrap_or_default(),
                );
            }
            sink.line(&m)?;
        }
        parts.push(sink.finish(&spec.part(), spec.name)?);
    }
    if let Some(chain) = old
        .manifest
        .parts
        .iter()
        .find(|p| p.name == "chain.jsonl")
        .cloned()
    {
        zip.start_file("chain.jsonl", opts()).map_err(zip_err)?;
        let mut sink = PartSink::new(&mut zip);
        old.lines(&chain, |_, b| {
            let v: Value = serde_json::from_slice(b).unwrap_or_default();
            sink.line(&v)
        })?;
        parts.push(sink.finish("chain.jsonl", "")?);
    }
    let mut manifest = old.manifest.clone();
    manifest.schema = crate::db::SCHEMA_VERSION;
    manifest.parts = parts;
    zip.start_file("manifest.json", opts()).map_err(zip_err)?;
    serde_json::to_writer_pretty(&mut zip, &manifest).map_err(std::io::Error::other)?;
    zip.finish().map_err(zip_err)?;
    Ok(())
}
