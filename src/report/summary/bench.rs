//! `zwl bench --summary N`: the city's annual reduction and resource-use report over a ledger
//! of about N monthly records (with construction waste and agriculture), end to end — the
//! figures built and written as XLSX — beside hand-written SQL aggregates of the same figures
//! measured in the same run, and the report's peak memory.

use std::path::Path;
use std::time::Instant;

use chrono::Datelike;
use rusqlite::Connection;

use super::model::{Lang, PeriodKind, Scope, Spec};
use crate::bench::Line;
use crate::error::Result;
use crate::Ledger;

/// The same figures in plain SQL: household sums and routes, per-stream sums of the period and
/// the baseline year, cells by area, kind and status, loads and intake, agricultural
/// recoveries and villages.
fn hand_sql(conn: &Connection, year: i32) -> Result<usize> {
    let (from, to) = (format!("{year}-01"), format!("{year}-12"));
    let (bfrom, bto) = (format!("{}-01", year - 1), format!("{}-12", year - 1));
    let mut n = 0usize;
    let mut count = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<()> {
        let mut st = conn.prepare(sql)?;
        let mut rows = st.query(p)?;
        while let Some(r) = rows.next()? {
            std::hint::black_box(r.get_ref(0)?);
            n += 1;
        }
        Ok(())
    };
    let per_stream = "SELECT r.month, w.stream, sum(r.generated_g), sum(r.recycled_g),
            sum(r.composted_g), sum(r.incinerated_g), sum(r.landfilled_g)
         FROM cell_records r JOIN cells c ON c.id = r.cell_id AND c.deleted = 0
         JOIN waste_categories w ON w.key = r.category
         WHERE r.month BETWEEN ?1 AND ?2 AND r.deleted = 0 GROUP BY r.month, w.stream";
    count(per_stream, &[&from, &to])?;
    count(per_stream, &[&bfrom, &bto])?;
    for (f, t) in [(&from, &to), (&bfrom, &bto)] {
        count(
            "SELECT sum(r.generated_g), sum(CASE WHEN w.counts_as_recovery THEN r.recycled_g + r.composted_g ELSE 0 END)
             FROM cell_records r JOIN cells c ON c.id = r.cell_id AND c.deleted = 0
             JOIN waste_categories w ON w.key = r.category
             JOIN waste_streams s ON s.key = w.stream AND s.household = 1
             WHERE r.month BETWEEN ?1 AND ?2 AND r.deleted = 0",
            &[f, t],
        )?;
    }
    count(
        "SELECT c.district, c.kind, c.status, count(*) FROM cells c WHERE c.deleted = 0
         GROUP BY c.district, c.kind, c.status",
        &[],
    )?;
    let (lo, hi) = (format!("{year}-01-01"), format!("{}-01-01", year + 1));
    count(
        "SELECT count(*), sum(status = 'closed'), sum(overload_reason IS NOT NULL)
         FROM cw_manifests WHERE deleted = 0 AND status IN ('dispatched', 'received', 'closed')
           AND departure_at >= ?1 AND departure_at < ?2",
        &[&lo, &hi],
    )?;
    count(
        "SELECT site_id, facility_id, sum(received_qty), sum(refused_qty) FROM cw_manifests
         WHERE deleted = 0 AND status IN ('received', 'closed') AND received_at >= ?1
           AND received_at < ?2 GROUP BY site_id, facility_id",
        &[&lo, &hi],
    )?;
    count(
        "SELECT point_id, stream, sum(weight_g), sum(count) FROM agri_entries
         WHERE date BETWEEN ?1 AND ?2 AND deleted = 0 GROUP BY point_id, stream",
        &[&format!("{year}-01-01"), &format!("{year}-12-31")],
    )?;
    count(
        "SELECT district, count(*) FROM agri_places WHERE deleted = 0 AND parent_id IS NOT NULL
         GROUP BY district",
        &[],
    )?;
    Ok(n)
}

fn median(mut t: Vec<f64>) -> f64 {
    t.sort_by(|a, b| a.total_cmp(b));
    t.get(t.len() / 2).copied().unwrap_or(0.0)
}

/// Generates the ledger in `dir` and measures.
pub fn run(dir: &Path, records: usize, progress: &mut dyn FnMut(&str)) -> Result<Vec<Line>> {
    let path = dir.join("summary.db");
    let _ = std::fs::remove_file(&path);
    let mut l = Ledger::open(&path)?;
    // 24 months: last year whole and its baseline year in part; about 3.7 records a cell-month.
    let cells = (records / 89).max(10);
    progress(&format!(
        "summary report: generating {cells} cells × 24 months …"
    ));
    let g = Instant::now();
    let sum = crate::demo::generate(
        &mut l,
        &crate::demo::Spec {
            cells,
            months: 24,
            ..Default::default()
        },
    )?;
    crate::demo::construction::generate(&mut l, (records / 25).max(100), 2026)?;
    crate::demo::agri::generate(&mut l, 2026)?;
    let year = crate::ids::today().year() - 1;
    l.write(|w| crate::profile::set_setting(w, "report.baseline_year", &(year - 1).to_string()))?;
    progress(&format!(
        "summary report: {} records generated in {:.0} s; measuring …",
        sum.records,
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
                "the city's annual summary report over {} records, built and written as XLSX and PDF, median of 3",
                sum.records
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
