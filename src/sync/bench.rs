//! The sync benchmark (`zwl bench --sync N`): a ledger of N cells exported whole and the
//! bundle imported into an empty ledger, beside two plain SQLite inserts of exactly the rows
//! the import applied, in the same run: into a fresh ledger's own tables (its schema, indexes
//! and the cells' search index; the target's baseline) and into bare tables of the same
//! columns. With the importing process's peak memory at two sizes (N/10 and N) to show
//! whether it stays flat as the bundle grows.

use std::path::Path;
use std::time::Instant;

use rusqlite::types::Value as Sql;
use rusqlite::Connection;

use crate::bench::Line;
use crate::error::Result;
use crate::import_preview::ImportKind;
use crate::Ledger;

fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Where a plain insert puts the rows: a bare table of the same columns per table (its
/// primary key the only index), or a fresh ledger's own tables (its real schema, indexes
/// and the cells' search index), in both cases without checks and without the change log.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Plain {
    Bare,
    Ledger,
}

/// Inserts, in one transaction through prepared statements, exactly the rows the import
/// applied (read back from the imported ledger `from`: every travelling table's rows that
/// carry a version the import recorded), in the order the bundle has them. Returns rows/s
/// and the rows inserted.
fn plain_insert(from: &Path, db: &Path, into: Plain) -> Result<(f64, u64)> {
    for p in [
        db.to_path_buf(),
        db.with_extension("db-wal"),
        db.with_extension("db-shm"),
    ] {
        let _ = std::fs::remove_file(p);
    }
    if into == Plain::Ledger {
        drop(Ledger::create(db)?);
    }
    let src = Connection::open(from)?;
    let specs = super::tables::specs(&src)?;
    let mut c = Connection::open(db)?;
    c.pragma_update(None, "journal_mode", "WAL")?;
    c.pragma_update(None, "synchronous", "FULL")?;
    if into == Plain::Ledger {
        // The ledger's own connection settings (its page cache and foreign keys).
        c.pragma_update(None, "cache_size", -65536)?;
        c.pragma_update(None, "foreign_keys", "ON")?;
    }
    let table = |s: &super::tables::Spec| match into {
        Plain::Bare => format!("bare_{}", s.name),
        Plain::Ledger => s.name.to_string(),
    };
    if into == Plain::Bare {
        for s in &specs {
            c.execute_batch(&format!(
                "CREATE TABLE {} ({}, PRIMARY KEY (\"{}\"))",
                table(s),
                s.cols
                    .iter()
                    .map(|c| format!("\"{}\"", c.name))
                    .collect::<Vec<_>>()
                    .join(", "),
                s.cols[s.key_col].name
            ))?;
        }
    }
    let start = Instant::now();
    let tx = c.transaction()?;
    if into == Plain::Ledger {
        tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        // The installations the rows name (the import registers the source's too).
        let have: Vec<(i64, String, String)> = src
            .prepare("SELECT n, id, first_seen FROM installations")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (n, id, at) in have {
            tx.execute(
                "INSERT OR IGNORE INTO installations (n, id, first_seen) VALUES (?1, ?2, ?3)",
                rusqlite::params![n, id, at],
            )?;
        }
    }
    let mut rows = 0u64;
    for s in &specs {
        let n = s.cols.len();
        let mut read = src.prepare(&format!(
            "SELECT t.* FROM sync_versions v JOIN {} t ON {} = v.row_key
             WHERE v.tbl = ?1 ORDER BY v.row_key",
            s.name,
            if s.key == "id" {
                "t.id".to_string()
            } else {
                s.key.replace("CAST(", "CAST(t.")
            }
        ))?;
        let marks: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
        let mut ins = tx.prepare(&format!(
            "INSERT INTO {} ({}) VALUES ({})",
            table(s),
            s.cols
                .iter()
                .map(|c| format!("\"{}\"", c.name))
                .collect::<Vec<_>>()
                .join(", "),
            marks.join(", ")
        ))?;
        let search = into == Plain::Ledger && s.name == "cells";
        let mut fts = tx.prepare("SELECT 1")?;
        let field = |name: &str| s.col(name).unwrap_or(0);
        let text_cols = [
            field("name"),
            field("uscc"),
            field("address"),
            field("contact"),
            field("manager"),
        ];
        if search {
            fts = tx.prepare("INSERT INTO cells_fts (cell, terms) VALUES (?1, ?2)")?;
        }
        let mut q = read.query([s.name])?;
        let mut vals: Vec<Sql> = Vec::with_capacity(n);
        while let Some(r) = q.next()? {
            vals.clear();
            for i in 0..n {
                vals.push(r.get(i)?);
            }
            ins.execute(rusqlite::params_from_iter(vals.iter()))?;
            if search {
                let f: Vec<&str> = text_cols
                    .iter()
                    .map(|i| match &vals[*i] {
                        Sql::Text(t) => t.as_str(),
                        _ => "",
                    })
                    .collect();
                fts.execute(rusqlite::params![
                    &vals[s.key_col],
                    crate::cells::search::terms(&f)
                ])?;
            }
            rows += 1;
        }
    }
    tx.commit()?;
    Ok((rows as f64 / start.elapsed().as_secs_f64(), rows))
}

/// Exports and imports `n` cells (and `n / 10` first), each import beside the plain insert.
pub fn measure(dir: &Path, n: usize, progress: &mut dyn FnMut(&str)) -> Result<Vec<Line>> {
    let mut lines = Vec::new();
    for size in [n / 10, n] {
        if size == 0 {
            continue;
        }
        let src = dir.join(format!("sync-src-{size}.db"));
        let dst = dir.join(format!("sync-dst-{size}.db"));
        let out = dir.join(format!("sync-out-{size}"));
        std::fs::create_dir_all(&out)?;
        let csv = dir.join(format!("sync-{size}.csv"));
        crate::bench_import::write_cells_csv(&csv, size)?;
        progress(&format!("sync: generating {size} cells…"));
        let mut a = Ledger::create(&src)?;
        crate::import_run::import(&mut a, ImportKind::Cells, &csv, &mut |_| {})?;
        let _ = std::fs::remove_file(&csv);
        let start = Instant::now();
        let e = super::export(&mut a, &out, true, &mut |_| {})?;
        let export_secs = start.elapsed().as_secs_f64();
        drop(a);
        progress(&format!(
            "sync: exported {} rows in {export_secs:.1} s ({:.0} rows/s), bundle {:.1} MB",
            e.rows,
            e.rows as f64 / export_secs,
            e.bytes as f64 / 1e6
        ));
        let mut b = Ledger::create(&dst)?;
        reset_peak_memory();
        let before = crate::bench_import::peak_memory_mb();
        let start = Instant::now();
        let r = super::import(&mut b, Path::new(&e.file), &mut |_| {})?;
        let import_secs = start.elapsed().as_secs_f64();
        let peak = crate::bench_import::peak_memory_mb();
        drop(b);
        let rate = r.applied as f64 / import_secs;
        let (bare, bare_rows) = plain_insert(&dst, &dir.join("sync-bare.db"), Plain::Bare)?;
        let (own, own_rows) = plain_insert(&dst, &dir.join("sync-own.db"), Plain::Ledger)?;
        progress(&format!(
            "sync: imported {} rows in {import_secs:.1} s ({rate:.0} rows/s, {:.2}× the plain insert into the ledger's own tables at {own:.0} rows/s, {:.2}× the plain insert into bare tables at {bare:.0} rows/s; the plain inserts wrote {own_rows} and {bare_rows} rows); peak memory {peak:.0} MB ({before:.0} MB before)",
            r.applied,
            rate / own,
            rate / bare
        ));
        lines.push(Line {
            what: format!(
                "sync export, {size} cells, {} rows (bundle {:.0} MB; plain: the imported rows into bare tables)",
                e.rows,
                e.bytes as f64 / 1e6
            ),
            ledger: e.rows as f64 / export_secs,
            baseline: bare,
            unit: "rows/s".into(),
            ratio: e.rows as f64 / export_secs / bare,
            target: "beside the plain insert".into(),
        });
        lines.push(Line {
            what: format!(
                "sync import, {size} cells, {} rows (plain: the same rows into a fresh ledger's own tables, indexes and search index, no checks, no change log)",
                r.applied
            ),
            ledger: rate,
            baseline: own,
            unit: "rows/s".into(),
            ratio: rate / own,
            target: "≥ 0.5× the plain insert into the same tables".into(),
        });
        lines.push(Line {
            what: format!(
                "sync import, {size} cells, {} rows (plain: the same rows into bare tables of the same columns, primary key only)",
                r.applied
            ),
            ledger: rate,
            baseline: bare,
            unit: "rows/s".into(),
            ratio: rate / bare,
            target: "shown beside; not the target's baseline".into(),
        });
        lines.push(Line {
            what: format!("sync import, {size} cells: peak resident memory"),
            ledger: peak,
            baseline: before,
            unit: "MB".into(),
            ratio: if before > 0.0 { peak / before } else { 0.0 },
            target: "flat in the bundle's size".into(),
        });
        for p in [&src, &dst] {
            let _ = std::fs::remove_file(p);
            let _ = std::fs::remove_file(p.with_extension("db-wal"));
            let _ = std::fs::remove_file(p.with_extension("db-shm"));
        }
        let _ = std::fs::remove_dir_all(&out);
        for name in ["sync-bare.db", "sync-own.db"] {
            let p = dir.join(name);
            let _ = std::fs::remove_file(&p);
            let _ = std::fs::remove_file(p.with_extension("db-wal"));
            let _ = std::fs::remove_file(p.with_extension("db-shm"));
        }
    }
    Ok(lines)
}
