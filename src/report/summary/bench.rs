//! `zwl bench --summary N`: the city's annual reduction and resource-use report over a ledger
//! of about N monthly records (with construction waste and agriculture in the report's year
//! and its baseline year), end to end — the figures built and written as XLSX and PDF —
//! beside hand-written SQL aggregates of the same figures ([`super::bench_sql`]) measured in
//! the same run, and the report's peak memory.

use std::path::Path;
use std::time::Instant;

use chrono::{Datelike, NaiveDate};

use super::bench_sql::hand_sql;
use super::model::{Lang, PeriodKind, Scope, Spec};
use crate::bench::Line;
use crate::error::Result;
use crate::Ledger;

fn median(mut t: Vec<f64>) -> f64 {
    t.sort_by(|a, b| a.total_cmp(b));
    t.get(t.len() / 2).copied().unwrap_or(0.0)
}

/// What [`generate`] put in the ledger.
#[derive(Debug, Clone, Copy)]
pub struct Generated {
    /// Cells.
    pub cells: usize,
    /// Monthly records.
    pub records: usize,
    /// Construction-waste loads.
    pub loads: usize,
    /// Agricultural hand-ins.
    pub entries: usize,
}

/// Generates the ledger of the benchmark: about `records` monthly records and, in `year` and
/// its baseline year (`year - 1`, set as the reports' baseline), construction-waste loads
/// (one per 25 records, each year) and an agricultural season. The cells' records run from
/// the baseline year's January to this month (about 3.7 records a cell-month).
pub fn generate(l: &mut Ledger, records: usize, year: i32) -> Result<Generated> {
    let t = crate::ids::today();
    let months = (t.year() - year + 1).max(1) as u32 * 12 + t.month();
    let cells = ((records as f64 / (f64::from(months) * 3.7)) as usize).max(10);
    let sum = crate::demo::generate(
        l,
        &crate::demo::Spec {
            cells,
            months,
            ..Default::default()
        },
    )?;
    let jan = |y: i32| NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(t);
    let loads = (records / 25).max(100);
    let cw = crate::demo::construction::generate_between(
        l,
        2 * loads,
        2026,
        jan(year - 1),
        jan(year + 1),
    )?;
    let agri = crate::demo::agri::generate_years(l, 2026, &[year - 1, year])?;
    l.write(|w| crate::profile::set_setting(w, "report.baseline_year", &(year - 1).to_string()))?;
    Ok(Generated {
        cells: sum.cells,
        records: sum.records,
        loads: cw.manifests,
        entries: agri.entries,
    })
}

/// Generates the ledger in `dir` and measures last year's report.
pub fn run(dir: &Path, records: usize, progress: &mut dyn FnMut(&str)) -> Result<Vec<Line>> {
    let path = dir.join("summary.db");
    let _ = std::fs::remove_file(&path);
    let mut l = Ledger::open(&path)?;
    let year = crate::ids::today().year() - 1;
    progress(&format!(
        "summary report: generating about {records} records for {year} and {} …",
        year - 1
    ));
    let g = Instant::now();
    let sum = generate(&mut l, records, year)?;
    progress(&format!(
        "summary report: {} records, {} loads and {} agricultural hand-ins generated in {:.0} s; measuring …",
        sum.records,
        sum.loads,
        sum.entries,
        g.elapsed().as_secs_f64()
    ));
    drop(l);
    let spec = Spec {
        scope: Scope::City,
        period: PeriodKind::Year,
        start: format!("{year}-01"),
    };
    let l = Ledger::open(&path)?;
    // Warm the page cache once for both sides alike.
    hand_sql(l.conn(), year)?;
    // Starts the peak resident memory afresh (Linux; elsewhere nothing).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = crate::bench_import::peak_memory_mb();
    let (mut ours, mut sql, mut pdf) = (Vec::new(), Vec::new(), Vec::new());
    let out = dir.join("summary.xlsx");
    for _ in 0..3 {
        let s = Instant::now();
        let r = super::build(&l, &spec)?;
        super::xlsx::write(&r, Lang::Zh, &out)?;
        let p = Instant::now();
        super::write_file(&r, "pdf", Lang::Zh, &dir.join("summary.pdf"))?;
        pdf.push(p.elapsed().as_secs_f64() * 1000.0);
        ours.push(s.elapsed().as_secs_f64() * 1000.0);
        let s = Instant::now();
        std::hint::black_box(hand_sql(l.conn(), year)?);
        sql.push(s.elapsed().as_secs_f64() * 1000.0);
    }
    let peak = crate::bench_import::peak_memory_mb();
    let _ = std::fs::remove_file(&out);
    let pdf_kb = std::fs::metadata(dir.join("summary.pdf")).map_or(0, |m| m.len()) / 1000;
    let _ = std::fs::remove_file(dir.join("summary.pdf"));
    let (ours, sql, pdf) = (median(ours), median(sql), median(pdf));
    Ok(vec![
        Line {
            what: format!(
                "the city's {year} summary report over {} records of {} cells, {} loads and {} agricultural hand-ins (two years each), built and written as XLSX and PDF, median of 3",
                sum.records, sum.cells, sum.loads, sum.entries
            ),
            ledger: ours,
            baseline: sql,
            unit: "ms".into(),
            ratio: ours / sql.max(1e-9),
            target: "≤ 1.5× the SQL aggregates".into(),
        },
        Line {
            what: format!("of which drawing its PDF ({pdf_kb} KB)"),
            ledger: pdf,
            baseline: 1000.0,
            unit: "ms".into(),
            ratio: pdf / 1000.0,
            target: "well under 1 s".into(),
        },
        Line {
            what: format!("peak memory of the process while building it (before: {before:.0} MB)"),
            ledger: peak,
            baseline: before,
            unit: "MB".into(),
            ratio: peak / 200.0,
            target: "< 200 MB".into(),
        },
    ])
}
