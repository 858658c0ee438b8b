//! The sync benchmark (`zwl bench --sync N`): a ledger of N cells exported whole and the
//! bundle imported into an empty ledger, beside a plain SQLite insert of the same rows in
//! the same run, with the importing process's peak memory at two sizes (N/10 and N) to show
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

/// A plain insert of every row of `cells` from `src` into a bare table of the same columns
/// in one transaction through a prepared statement. Rows/s.
fn bare_insert(src: &Path, db: &Path) -> Result<f64> {
    let _ = std::fs::remove_file(db);
    let from = Connection::open(src)?;
    let mut c = Connection::open(db)?;
    c.pragma_update(None, "journal_mode", "WAL")?;
    c.pragma_update(None, "synchronous", "FULL")?;
    let cols: Vec<String> = from
        .prepare("SELECT name FROM pragma_table_info('cells')")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    c.execute_batch(&format!(
        "CREATE TABLE t ({}, PRIMARY KEY ({}))",
        cols.iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", "),
        cols[0]
    ))?;
    let mut st = from.prepare("SELECT * FROM cells")?;
    let n = cols.len();
    let start = Instant::now();
    let tx = c.transaction()?;
    let mut rows = 0u64;
    {
        let marks: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
        let mut ins = tx.prepare(&format!("INSERT INTO t VALUES ({})", marks.join(", ")))?;
        let mut q = st.query([])?;
        while let Some(r) = q.next()? {
            let vals: Vec<Sql> = (0..n).map(|i| r.get(i)).collect::<rusqlite::Result<_>>()?;
            ins.execute(rusqlite::params_from_iter(vals))?;
            rows += 1;
        }
    }
    tx.commit()?;
    Ok(rows as f64 / start.elapsed().as_secs_f64())
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
        let base = bare_insert(&src, &dir.join("sync-bare.db"))?;
        progress(&format!(
            "sync: imported {} rows in {import_secs:.1} s ({rate:.0} rows/s; plain insert {base:.0} rows/s); peak memory {peak:.0} MB ({before:.0} MB before)",
            r.applied
        ));
        lines.push(Line {
            what: format!(
                "sync export, {size} rows (bundle {:.0} MB)",
                e.bytes as f64 / 1e6
            ),
            ledger: e.rows as f64 / export_secs,
            baseline: base,
            unit: "rows/s".into(),
            ratio: e.rows as f64 / export_secs / base,
            target: "beside the plain insert".into(),
        });
        lines.push(Line {
            what: format!("sync import, {size} cells (plain: the same rows into a bare table)"),
            ledger: rate,
            baseline: base,
            unit: "rows/s".into(),
            ratio: rate / base,
            target: "≥ 0.5× the plain insert".into(),
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
        let _ = std::fs::remove_file(dir.join("sync-bare.db"));
    }
    Ok(lines)
}
