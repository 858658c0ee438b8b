//! The import benchmark: a generated CSV file of manifests and one of cells imported through
//! the core (read, every row checked, written with its change-log entry, one transaction),
//! beside two plain scripts run on the same file in the same run: one that inserts the same
//! rows into the ledger's own tables ([`crate::bench_baseline`]), and one that inserts each
//! row's fields into a bare table; each with one log row per row, through prepared
//! statements in one transaction.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::bench::Line;
use crate::construction::registers::{self, EntryDraft};
use crate::error::Result;
use crate::import_preview::ImportKind;
use crate::Ledger;

/// Vehicles the generated loads are spread over.
const VEHICLES: usize = 100;

/// Writes a CSV file of `n` dispatched loads, each a distinct vehicle and departure, over
/// the registers [`registers_ledger`] makes.
pub fn write_manifests_csv(path: &Path, n: usize) -> Result<()> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(f, "类别,申报量,工地,车牌号,消纳场,出车时间")?;
    let now = chrono::Local::now().naive_local() - chrono::Duration::hours(2);
    let per_vehicle = n.div_ceil(VEHICLES).max(1) as i64;
    // Each vehicle's loads spread evenly over the last 300 days, whole minutes apart.
    let step = (300 * 24 * 60 / per_vehicle).max(1);
    for k in 0..n {
        let v = k % VEHICLES;
        let at = now - chrono::Duration::minutes((k / VEHICLES) as i64 * step);
        writeln!(
            f,
            "拆除垃圾,{},南关区某住宅项目,吉A{:05},长春某资源化利用厂,{}",
            10 + k % 15,
            10_000 + v,
            at.format("%Y-%m-%d %H:%M")
        )?;
    }
    f.flush()?;
    Ok(())
}

/// Writes a CSV file of `n` cells (name and district distinct; no credit code).
pub fn write_cells_csv(path: &Path, n: usize) -> Result<()> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(f, "名称,类型,行政区划,地址,人数/户数")?;
    for k in 0..n {
        writeln!(
            f,
            "幸福{}号小区,小区,220102,人民大街{}号,{}",
            k + 1,
            k % 3000 + 1,
            100 + k % 900
        )?;
    }
    f.flush()?;
    Ok(())
}

/// A new ledger at `path` with the site, transporter, vehicles and facility the generated
/// loads name.
pub fn registers_ledger(path: &Path) -> Result<Ledger> {
    let mut l = Ledger::create(path)?;
    let until = (crate::ids::today() + chrono::Duration::days(400)).to_string();
    let entry = |name: &str| EntryDraft {
        name: name.into(),
        valid_until: until.clone(),
        district: "220102".into(),
        ..Default::default()
    };
    registers::add_site(&mut l, &entry("南关区某住宅项目"))?;
    registers::add_transporter(&mut l, &entry("长春某运输公司"))?;
    for v in 0..VEHICLES {
        registers::add_vehicle(
            &mut l,
            &EntryDraft {
                transporter: "长春某运输公司".into(),
                driver: "张伟".into(),
                rated_payload_t: "25".into(),
                ..entry(&format!("吉A{:05}", 10_000 + v))
            },
        )?;
    }
    registers::add_facility(
        &mut l,
        &EntryDraft {
            kind: "recycling".into(),
            ..entry("长春某资源化利用厂")
        },
    )?;
    Ok(l)
}

/// A plain script's import of a CSV file: each row's fields inserted into a bare table with
/// a UUID v7 key, and one log row each (the row's values), in one transaction. Rows/s.
fn bare_insert(csv_path: &Path, db: &Path) -> Result<(f64, usize)> {
    let _ = std::fs::remove_file(db);
    let mut c = Connection::open(db)?;
    c.pragma_update(None, "journal_mode", "WAL")?;
    c.pragma_update(None, "synchronous", "FULL")?;
    let start = Instant::now();
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(csv_path)
        .map_err(|e| crate::Error::Io(std::io::Error::other(e.to_string())))?;
    let width = rd
        .headers()
        .map_err(|e| crate::Error::Io(std::io::Error::other(e.to_string())))?
        .len();
    let cols: Vec<String> = (0..width).map(|i| format!("c{i}")).collect();
    c.execute_batch(&format!(
        "CREATE TABLE t (id BLOB PRIMARY KEY, {});
         CREATE TABLE log (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id BLOB NOT NULL,
             image BLOB NOT NULL);",
        cols.iter()
            .map(|c| format!("{c} TEXT"))
            .collect::<Vec<_>>()
            .join(", ")
    ))?;
    let tx = c.transaction()?;
    let mut n = 0;
    {
        let marks = (2..=width + 1)
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut ins = tx.prepare(&format!(
            "INSERT INTO t (id, {}) VALUES (?1, {marks})",
            cols.join(", ")
        ))?;
        let mut log = tx.prepare("INSERT INTO log (tbl, row_id, image) VALUES ('t', ?1, ?2)")?;
        let mut rec = csv::StringRecord::new();
        while rd
            .read_record(&mut rec)
            .map_err(|e| crate::Error::Io(std::io::Error::other(e.to_string())))?
        {
            let id = uuid::Uuid::now_v7();
            ins.raw_bind_parameter(1, id.as_bytes())?;
            for (i, v) in rec.iter().enumerate() {
                ins.raw_bind_parameter(i + 2, v)?;
            }
            ins.raw_execute()?;
            log.execute(rusqlite::params![id.as_bytes(), rec.as_slice().as_bytes()])?;
            n += 1;
        }
    }
    tx.commit()?;
    Ok((n as f64 / start.elapsed().as_secs_f64(), n))
}

/// What one import came to, measured in a process of its own.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OneImport {
    /// Rows written.
    pub added: usize,
    /// Seconds the import took.
    pub secs: f64,
    /// The process's peak resident memory (VmHWM), MB: the process did nothing else.
    pub peak_mb: f64,
    /// Its resident memory just before the import, the ledger open, MB.
    pub before_mb: f64,
    /// The peak of SQLite's own allocations during the import (its page caches, the
    /// statements), MB.
    pub sqlite_peak_mb: f64,
}

/// The line a child process prints its [`OneImport`] on.
const CHILD_MARK: &str = "zwl-bench-import ";

/// Imports the CSV file `csv` of `kind` into the ledger at `db` in this process and prints
/// the figures for the bench that started it (`zwl bench --import-child KIND CSV DB`).
pub fn child(kind: &str, csv: &Path, db: &Path) -> Result<()> {
    let kind = match kind {
        "manifests" => ImportKind::Manifests,
        "cells" => ImportKind::Cells,
        _ => ImportKind::Records,
    };
    let one = import_once(kind, csv, db)?;
    println!(
        "{CHILD_MARK}{}",
        serde_json::to_string(&one).map_err(|e| crate::Error::Io(std::io::Error::other(e)))?
    );
    Ok(())
}

/// Imports `csv` into the ledger at `db` and measures it from this process.
fn import_once(kind: ImportKind, csv: &Path, db: &Path) -> Result<OneImport> {
    let mut l = Ledger::open(db)?;
    reset_peak_memory();
    sqlite_highwater(true);
    let before_mb = resident_mb();
    let start = Instant::now();
    let r = crate::import_run::import(&mut l, kind, csv, &mut |_| {})?;
    let secs = start.elapsed().as_secs_f64();
    let peak_mb = peak_memory_mb();
    let sqlite_peak_mb = sqlite_highwater(false);
    drop(l);
    Ok(OneImport {
        added: r.added,
        secs,
        peak_mb,
        before_mb,
        sqlite_peak_mb,
    })
}

/// Runs [`import_once`] in a new process of the `zwl` program running now, so that nothing
/// this process did before (the files generated, an earlier import, memory the allocator
/// kept) shows in or hides the import's peak memory; in-process where this is not `zwl`.
fn import_in_child(kind: ImportKind, csv: &Path, db: &Path) -> Result<OneImport> {
    let exe = std::env::current_exe()?;
    if exe.file_stem().and_then(|s| s.to_str()) != Some("zwl") {
        return import_once(kind, csv, db);
    }
    let out = std::process::Command::new(exe)
        .args(["bench", "--import-child", kind.key()])
        .arg(csv)
        .arg(db)
        .stderr(std::process::Stdio::inherit())
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().find_map(|l| l.strip_prefix(CHILD_MARK));
    match (out.status.success(), line) {
        (true, Some(json)) => serde_json::from_str(json)
            .map_err(|e| crate::Error::Io(std::io::Error::other(e.to_string()))),
        _ => Err(crate::Error::Io(std::io::Error::other(format!(
            "the import's process failed ({}): {text}",
            out.status
        )))),
    }
}

/// Imports of `n` manifests and `n` cells, each in a process of its own, beside the plain
/// scripts run on the same file.
pub fn measure(dir: &Path, n: usize, progress: &mut dyn FnMut(&str)) -> Result<Vec<Line>> {
    let mut lines = Vec::new();
    for kind in [ImportKind::Cells, ImportKind::Manifests] {
        let csv = dir.join(format!("import-{n}.csv"));
        let db = dir.join("import.db");
        for p in [
            &db,
            &db.with_extension("db-wal"),
            &db.with_extension("db-shm"),
        ] {
            let _ = std::fs::remove_file(p);
        }
        let what = match kind {
            ImportKind::Manifests => {
                write_manifests_csv(&csv, n)?;
                drop(registers_ledger(&db)?);
                "import of manifests (CSV)"
            }
            _ => {
                write_cells_csv(&csv, n)?;
                drop(Ledger::create(&db)?);
                "import of cells (CSV)"
            }
        };
        progress(&format!("{what}: {n} rows…"));
        let one = import_in_child(kind, &csv, &db)?;
        let (secs, peak) = (one.secs, one.peak_mb);
        progress(&format!(
            "{what}: peak resident memory {peak:.0} MB, the import's process ({:.0} MB before the import; SQLite's own allocations peaked at {:.0} MB)",
            one.before_mb, one.sqlite_peak_mb
        ));
        let rate = one.added as f64 / secs;
        // The same rows into the ledger's own tables by a plain script, on a ledger made as
        // the import's was.
        let same_db = dir.join("same.db");
        for p in [
            &same_db,
            &same_db.with_extension("db-wal"),
            &same_db.with_extension("db-shm"),
        ] {
            let _ = std::fs::remove_file(p);
        }
        match kind {
            ImportKind::Manifests => drop(registers_ledger(&same_db)?),
            _ => drop(Ledger::create(&same_db)?),
        }
        let (same, _) = crate::bench_baseline::run(kind, &csv, &same_db)?;
        let (base, rows) = bare_insert(&csv, &dir.join("bare.db"))?;
        progress(&format!(
            "{what}: {} rows in {secs:.1} s, {rate:.0} rows/s; the same {rows} rows by a plain script into the ledger's tables: {same:.0} rows/s; into a bare table: {base:.0} rows/s",
            one.added
        ));
        lines.push(Line {
            what: format!(
                "{what}, {n} rows (beside: a plain script, the same rows into the ledger's own tables, a log row each)"
            ),
            ledger: rate,
            baseline: same,
            unit: "rows/s".into(),
            ratio: rate / same,
            target: "≥ 0.5× the script".into(),
        });
        lines.push(Line {
            what: format!("{what}, {n} rows (beside: each CSV field as TEXT into a bare table, a log row each)"),
            ledger: rate,
            baseline: base,
            unit: "rows/s".into(),
            ratio: rate / base,
            target: "—".into(),
        });
        let _ = std::fs::remove_file(&csv);
        if kind == ImportKind::Cells {
            lines.push(measure_xlsx(dir, n, rate, progress)?);
        }
    }
    Ok(lines)
}

/// The same cells as an XLSX workbook (texts in its shared-strings table, as Excel writes
/// them), imported in a process of its own beside the CSV import's rate `csv_rate`.
fn measure_xlsx(
    dir: &Path,
    n: usize,
    csv_rate: f64,
    progress: &mut dyn FnMut(&str),
) -> Result<Line> {
    let what = "import of cells (XLSX)";
    let xlsx = dir.join(format!("import-{n}.xlsx"));
    write_cells_xlsx(&xlsx, n)?;
    let db = dir.join("import-xlsx.db");
    drop(Ledger::create(&db)?);
    progress(&format!("{what}: {n} rows…"));
    let one = import_in_child(ImportKind::Cells, &xlsx, &db)?;
    let rate = one.added as f64 / one.secs;
    progress(&format!(
        "{what}: {} rows in {:.1} s, {rate:.0} rows/s; peak resident memory {:.0} MB, the import's process ({:.0} MB before the import; SQLite's own allocations peaked at {:.0} MB)",
        one.added, one.secs, one.peak_mb, one.before_mb, one.sqlite_peak_mb
    ));
    for p in [
        &xlsx,
        &db,
        &db.with_extension("db-wal"),
        &db.with_extension("db-shm"),
    ] {
        let _ = std::fs::remove_file(p);
    }
    Ok(Line {
        what: format!("{what}, {n} rows (beside: the same rows imported from CSV)"),
        ledger: rate,
        baseline: csv_rate,
        unit: "rows/s".into(),
        ratio: rate / csv_rate,
        target: "—".into(),
    })
}

/// Writes an XLSX workbook of the cells [`write_cells_csv`] writes.
pub fn write_cells_xlsx(path: &Path, n: usize) -> Result<()> {
    let err =
        |e: rust_xlsxwriter::XlsxError| crate::Error::Io(std::io::Error::other(e.to_string()));
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet_with_low_memory().map_err(err)?;
    for (c, h) in ["名称", "类型", "行政区划", "地址", "人数/户数"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).map_err(err)?;
    }
    for k in 0..n {
        let r = k as u32 + 1;
        sheet
            .write_string(r, 0, format!("幸福{}号小区", k + 1))
            .map_err(err)?;
        sheet.write_string(r, 1, "小区").map_err(err)?;
        sheet.write_string(r, 2, "220102").map_err(err)?;
        sheet
            .write_string(r, 3, format!("人民大街{}号", k % 3000 + 1))
            .map_err(err)?;
        sheet
            .write_number(r, 4, (100 + k % 900) as f64)
            .map_err(err)?;
    }
    book.save(path).map_err(err)?;
    Ok(())
}

/// Starts the process's peak resident memory afresh (Linux; elsewhere nothing).
fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The process's peak resident memory (VmHWM), MB; 0 where not known.
pub fn peak_memory_mb() -> f64 {
    status_mb("VmHWM:")
}

/// The process's resident memory now (VmRSS), MB; 0 where not known.
fn resident_mb() -> f64 {
    status_mb("VmRSS:")
}

/// A figure of `/proc/self/status` in MB (Linux; elsewhere 0).
fn status_mb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// The peak of SQLite's allocations (all connections of the process), MB; `reset` starts
/// it afresh from what is allocated now.
fn sqlite_highwater(reset: bool) -> f64 {
    // SAFETY: a read of SQLite's memory statistics, which takes no pointer; the bundled
    // SQLite keeps them (SQLITE_DEFAULT_MEMSTATUS is on).
    let bytes = unsafe { rusqlite::ffi::sqlite3_memory_highwater(i32::from(reset)) };
    bytes as f64 / (1024.0 * 1024.0)
}
