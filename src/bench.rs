//! Benchmarks on generated data, each printed beside a plain-SQLite baseline measured in the
//! same run on the same machine: demo generation (records/s), the cells list page, and one
//! cell's rates. Run with `zwl bench` on a release build (see README).

use std::time::Instant;

use rusqlite::Connection;
use serde::Serialize;

use crate::cells::{self, CellFilter};
use crate::demo::{self, Rng, Spec};
use crate::error::Result;
use crate::ids::CellId;
use crate::Ledger;

/// One measured figure beside its baseline.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    /// What was measured.
    pub what: String,
    /// The ledger's figure.
    pub ledger: f64,
    /// The plain SQLite baseline's figure.
    pub baseline: f64,
    /// Unit of both figures.
    pub unit: String,
    /// ledger ÷ baseline.
    pub ratio: f64,
    /// The target from the issue, as text.
    pub target: String,
}

/// The whole run.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Cells generated.
    pub cells: usize,
    /// Records generated.
    pub records: usize,
    /// Size of the cells database file, MB.
    pub db_mb: f64,
    /// Manifests generated.
    pub manifests: usize,
    /// Results.
    pub lines: Vec<Line>,
}

impl Report {
    /// The results as a Markdown table.
    pub fn markdown(&self) -> String {
        let mut s = format!(
            "Generated {} cells and {} monthly records ({:.0} MB database, change log included), \
             and {} construction-waste manifests.\n\n\
             | measure | ledger | plain SQLite | ratio | target |\n|---|---:|---:|---:|---|\n",
            self.cells, self.records, self.db_mb, self.manifests
        );
        for l in &self.lines {
            s.push_str(&format!(
                "| {} | {:.2} {} | {:.2} {} | {:.2}× | {} |\n",
                l.what, l.ledger, l.unit, l.baseline, l.unit, l.ratio, l.target
            ));
        }
        s
    }
}

/// Bytes of the pages that the named tables and indexes take (SQLite's `dbstat`).
fn bytes_of(c: &Connection, names: &[&str]) -> Result<i64> {
    let list = names
        .iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ");
    Ok(c.query_row(
        &format!("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN ({list})"),
        [],
        |r| r.get(0),
    )?)
}

/// The change log's tables and indexes.
const LOG_OBJECTS: &[&str] = &[
    "change_log",
    "change_log_row",
    "change_log_bulk",
    "change_sets",
    "change_columns",
];

/// The bytes of a table and all its indexes.
fn table_bytes(c: &Connection, table: &str) -> Result<i64> {
    let names: Vec<String> = c
        .prepare(
            "SELECT name FROM sqlite_schema WHERE tbl_name = ?1 AND type IN ('table', 'index')",
        )?
        .query_map([table], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    bytes_of(c, &names)
}

/// Median of `n` timings of `f`, in milliseconds.
fn median_ms(n: usize, mut f: impl FnMut(usize) -> Result<()>) -> Result<f64> {
    let mut t = Vec::with_capacity(n);
    for i in 0..n {
        let s = Instant::now();
        f(i)?;
        t.push(s.elapsed().as_secs_f64() * 1000.0);
    }
    t.sort_by(|a, b| a.total_cmp(b));
    Ok(t[n / 2])
}

/// Generates `cells` cells with about `records` records, and `manifests` manifests, in
/// scratch databases and measures (a part with a size of 0 is skipped).
pub fn run(
    cells: usize,
    records: usize,
    manifests: usize,
    imports: usize,
    progress: &mut dyn FnMut(&str),
) -> Result<Report> {
    let dir = std::env::temp_dir().join(format!("zwl-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let out = (|| {
        let mut rep = if cells > 0 {
            measure(&dir, cells, records, progress)?
        } else {
            Report {
                cells: 0,
                records: 0,
                db_mb: 0.0,
                manifests: 0,
                lines: Vec::new(),
            }
        };
        if manifests > 0 {
            rep.lines.extend(measure_cw(&dir, manifests, progress)?);
            rep.manifests = manifests;
        }
        if imports > 0 {
            rep.lines
                .extend(crate::bench_import::measure(&dir, imports, progress)?);
        }
        Ok(rep)
    })();
    let _ = std::fs::remove_dir_all(&dir);
    out
}

/// Manifests: a filtered list page, and a year's resource-use rate by district beside the
/// same figures computed by one hand-written SQL statement.
fn measure_cw(
    dir: &std::path::Path,
    n: usize,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<Line>> {
    use crate::construction::{list, resource_use};
    progress(&format!("generating {n} manifests …"));
    let mut l = Ledger::open(dir.join("cw.db"))?;
    crate::demo::construction::generate(&mut l, n, 2026)?;
    l.conn().execute_batch("ANALYZE")?;
    let c = l.conn();
    let data = table_bytes(c, "cw_manifests")?;
    let log = bytes_of(c, LOG_OBJECTS)?;
    let mut lines = vec![Line {
        what: format!(
            "change log per generated manifest (blocks of 1,000) vs the manifest's own bytes ({n})"
        ),
        ledger: log as f64 / n as f64,
        baseline: data as f64 / n as f64,
        unit: "B".into(),
        ratio: log as f64 / data.max(1) as f64,
        target: "—".into(),
    }];
    let facility: String = c.query_row(
        "SELECT name FROM cw_facilities ORDER BY name LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    let fid: Vec<u8> = c.query_row(
        "SELECT id FROM cw_facilities WHERE name = ?1",
        [&facility],
        |r| r.get(0),
    )?;
    let filter = list::ManifestFilter {
        status: "closed".into(),
        facility: facility.clone(),
        page: 2,
        ..Default::default()
    };
    progress("manifests list page …");
    let ledger = median_ms(41, |_| list::list(c, &filter).map(|_| ()))?;
    let baseline = median_ms(41, |_| {
        let total: i64 = c.query_row(
            "SELECT count(*) FROM cw_manifests WHERE deleted = 0 AND status = 'closed' AND facility_id = ?1",
            [&fid],
            |r| r.get(0),
        )?;
        let mut st = c.prepare_cached(
            "SELECT number, status, declared_qty, received_qty FROM cw_manifests
             WHERE deleted = 0 AND status = 'closed' AND facility_id = ?1
             ORDER BY departure_at DESC LIMIT 50 OFFSET 50",
        )?;
        let rows = st.query_map([&fid], |r| r.get::<_, String>(0))?.count();
        std::hint::black_box((total, rows));
        Ok(())
    })?;
    lines.push(Line {
        what: format!("manifests list: closed, one facility, page 2 ({n} manifests)"),
        ledger,
        baseline,
        unit: "ms".into(),
        ratio: ledger / baseline,
        target: "< 20 ms".into(),
    });
    progress("manifest lifecycles through the core …");
    lines.push(lifecycle_bytes(&mut l, 2_000)?);
    let c = l.conn();
    progress("resource-use rate by district …");
    let t = crate::ids::today();
    let to = t.format("%Y-%m").to_string();
    let from = (t - chrono::Months::new(11)).format("%Y-%m").to_string();
    let ledger = median_ms(9, |_| {
        resource_use::rate(c, "district", &from, &to).map(|_| ())
    })?;
    // The baseline: what a careful engineer would write by hand — one statement of
    // aggregates, each read from a covering index (loads received in the period from
    // cw_manifests_received, facility input from cw_facility_outputs_month, declarations from
    // cw_site_declarations_month), joined at the level of sites and facilities. (It takes
    // declarations per site over the whole period rather than per site and month; the
    // generated data has none, so both compute the same figures.) Each aggregate is
    // MATERIALIZED: computed once, however often the joins read it; the loads are pinned to
    // their covering index, since after ANALYZE SQLite 3.50 prefers to walk cw_manifests_site
    // in site order to skip the GROUP BY sort, and then reads every row from the table (5 s
    // instead of 1.5 s on 500,000 loads, measured).
    let (_, starts) = crate::construction::resource_use::months(&from, &to);
    let (lo, hi) = (starts[0].clone(), starts[starts.len() - 1].clone());
    let baseline = median_ms(9, |_| {
        let mut st = c.prepare_cached(
            "WITH flows AS MATERIALIZED (
               SELECT site_id, facility_id, sum(received_qty - coalesce(refused_qty, 0)) AS g
               FROM cw_manifests INDEXED BY cw_manifests_received
               WHERE received_at >= ?1 AND received_at < ?2 AND status IN ('received', 'closed')
                 AND deleted = 0
               GROUP BY site_id, facility_id),
             fac AS MATERIALIZED (SELECT facility_id, sum(g) AS g FROM flows GROUP BY facility_id),
             used AS MATERIALIZED (
               SELECT facility_id,
                      sum(iif(product IN ('aggregate', 'brick', 'road', 'other'), input_g, 0)) AS bm,
                      sum(iif(product IN ('backfill', 'restoration'), input_g, 0)) AS fill
               FROM cw_facility_outputs WHERE month BETWEEN ?3 AND ?4 AND deleted = 0
               GROUP BY facility_id),
             decl AS MATERIALIZED (
               SELECT site_id, sum(generated_g) AS gen, sum(reused_g + balanced_g) AS own
               FROM cw_site_declarations WHERE month BETWEEN ?3 AND ?4 AND deleted = 0
               GROUP BY site_id),
             per_site AS (
               SELECT f.site_id, sum(f.g) AS intake,
                      sum(f.g * 1.0 / fac.g * coalesce(used.bm, 0)) AS bm,
                      sum(f.g * 1.0 / fac.g * coalesce(used.fill, 0)) AS fill
               FROM flows f JOIN fac USING (facility_id) LEFT JOIN used USING (facility_id)
               GROUP BY f.site_id)
             SELECT s.district, sum(coalesce(d.gen, p.intake)), sum(p.intake), sum(p.bm),
                    sum(p.fill + coalesce(d.own, 0))
             FROM per_site p JOIN cw_sites s ON s.id = p.site_id
             LEFT JOIN decl d ON d.site_id = p.site_id
             GROUP BY s.district",
        )?;
        let n = st
            .query_map((&lo, &hi, &from, &to), |r| r.get::<_, String>(0))?
            .count();
        std::hint::black_box(n);
        Ok(())
    })?;
    lines.push(Line {
        what: "a year's resource-use rate by district".into(),
        ledger,
        baseline,
        unit: "ms".into(),
        ratio: ledger / baseline,
        target: "≤ 1.5× the hand-written covering-index SQL".into(),
    });
    Ok(lines)
}

fn measure(
    dir: &std::path::Path,
    cells: usize,
    records: usize,
    progress: &mut dyn FnMut(&str),
) -> Result<Report> {
    let per_cell = records.div_ceil(cells.max(1));
    let months = (per_cell / 2).clamp(1, 120) as u32;
    let mut lines = Vec::new();

    progress(&format!("generating {cells} cells × {per_cell} records …"));
    let path = dir.join("ledger.db");
    let mut l = Ledger::open(&path)?;
    let spec = Spec {
        cells,
        months: months.max(24),
        records_per_cell: Some(per_cell),
        batch: 2_000,
        ..Spec::default()
    };
    let sum = demo::generate(&mut l, &spec)?;
    let gen_rate = sum.records as f64 / sum.seconds;
    l.conn().execute_batch("ANALYZE")?;

    progress("baseline: plain inserts …");
    let base_rate = baseline_inserts(&dir.join("plain.db"), sum.records)?;
    lines.push(Line {
        what: "demo generation, records/s (change log included)".into(),
        ledger: gen_rate,
        baseline: base_rate,
        unit: "rows/s".into(),
        ratio: gen_rate / base_rate,
        target: "≥ 200,000 records/s".into(),
    });

    let records_bytes = table_bytes(l.conn(), "cell_records")? + table_bytes(l.conn(), "cells")?;
    let log = bytes_of(l.conn(), LOG_OBJECTS)?;
    let n = (sum.records + sum.cells).max(1) as f64;
    lines.push(Line {
        what: "change log per generated row (cells and records, blocks of 1,000) vs the rows' own bytes".into(),
        ledger: log as f64 / n,
        baseline: records_bytes as f64 / n,
        unit: "B".into(),
        ratio: log as f64 / records_bytes.max(1) as f64,
        target: "—".into(),
    });

    progress("finding a cell by credit code, name and id …");
    let (code, id): (String, CellId) = l.conn().query_row(
        "SELECT uscc, id FROM cells WHERE uscc IS NOT NULL ORDER BY id LIMIT 1 OFFSET ?1",
        [sum.cells / 4],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let name: String = l.conn().query_row(
        "SELECT name FROM cells GROUP BY name HAVING count(*) = 1 LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    let by_id = median_ms(101, |_| cells::find(l.conn(), &id.to_string()).map(|_| ()))?;
    for (what, key) in [("credit code", code), ("exact name", name)] {
        let ms = median_ms(101, |_| cells::find(l.conn(), &key).map(|_| ()))?;
        lines.push(Line {
            what: format!("find a cell by its {what} (index) vs by its id"),
            ledger: ms,
            baseline: by_id,
            unit: "ms".into(),
            ratio: ms / by_id,
            target: "≈ by id".into(),
        });
    }

    progress("cells list page …");
    let plain = Connection::open(dir.join("plain.db"))?;
    plain.execute(
        &format!(
            "ATTACH DATABASE '{}' AS src",
            path.display().to_string().replace('\'', "''")
        ),
        [],
    )?;
    plain.execute_batch(
        "CREATE TABLE cells AS SELECT * FROM src.cells; CREATE INDEX cells_id ON cells (id);
         CREATE INDEX cells_d ON cells (district, id); DETACH DATABASE src; ANALYZE;",
    )?;
    let districts: Vec<String> = crate::profile::districts(l.conn())?
        .into_iter()
        .map(|d| d.code)
        .collect();
    for (what, filter) in [
        ("cells list, first page of 50", CellFilter::default()),
        (
            "cells list, one district, page 3",
            CellFilter {
                district: districts[1].clone(),
                page: 3,
                ..Default::default()
            },
        ),
        (
            "cells list, text search in Chinese (幸福), through the text index",
            CellFilter {
                q: "幸福".into(),
                ..Default::default()
            },
        ),
        (
            "cells list, text search for part of a code (91220), by scan",
            CellFilter {
                q: "91220".into(),
                ..Default::default()
            },
        ),
    ] {
        let ledger = median_ms(41, |_| cells::list(l.conn(), &filter).map(|_| ()))?;
        // Text without Chinese is searched by a scan (see docs/benchmarks.md) and is
        // reported without the list page's target.
        let scans = filter.q.is_ascii() && !filter.q.is_empty();
        let (wh, arg) = if scans {
            ("uscc LIKE ?1", format!("%{}%", filter.q))
        } else if !filter.q.is_empty() {
            ("name LIKE ?1", format!("%{}%", filter.q))
        } else if filter.district.is_empty() {
            ("1", String::new())
        } else {
            ("district = ?1", filter.district.clone())
        };
        let off = (filter.page.max(1) - 1) * 50;
        let baseline = median_ms(41, |_| {
            let n: i64 = if arg.is_empty() {
                plain.query_row(&format!("SELECT count(*) FROM cells WHERE {wh}"), [], |r| {
                    r.get(0)
                })?
            } else {
                plain.query_row(
                    &format!("SELECT count(*) FROM cells WHERE {wh}"),
                    [&arg],
                    |r| r.get(0),
                )?
            };
            let sql =
                format!("SELECT * FROM cells WHERE {wh} ORDER BY id DESC LIMIT 50 OFFSET {off}");
            let mut st = plain.prepare_cached(&sql)?;
            let rows = if arg.is_empty() {
                st.query_map([], |r| r.get::<_, String>(1))?.count()
            } else {
                st.query_map([&arg], |r| r.get::<_, String>(1))?.count()
            };
            std::hint::black_box((n, rows));
            Ok(())
        })?;
        lines.push(Line {
            what: what.into(),
            ledger,
            baseline,
            unit: "ms".into(),
            ratio: ledger / baseline,
            target: if scans { "— (scans)" } else { "< 20 ms" }.into(),
        });
    }

    progress("one cell's rates …");
    let ids: Vec<CellId> = {
        let mut st = l
            .conn()
            .prepare("SELECT id FROM cells ORDER BY random() LIMIT 101")?;
        let v = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        v
    };
    let t = crate::ids::today();
    let to = t.format("%Y-%m").to_string();
    let from = (t - chrono::Months::new(11)).format("%Y-%m").to_string();
    let ledger = median_ms(ids.len(), |i| {
        cells::rates::compute(l.conn(), ids[i], &from, &to).map(|_| ())
    })?;
    let baseline = median_ms(ids.len(), |i| {
        let mut st = l.conn().prepare_cached(
            "SELECT month, sum(generated_g), sum(recycled_g + composted_g) FROM cell_records
             WHERE cell_id = ?1 AND month BETWEEN ?2 AND ?3 GROUP BY month",
        )?;
        let n = st
            .query_map((ids[i], &from, &to), |r| r.get::<_, i64>(1))?
            .count();
        std::hint::black_box(n);
        Ok(())
    })?;
    lines.push(Line {
        what: "one cell's rates over 12 months (with baseline year)".into(),
        ledger,
        baseline,
        unit: "ms".into(),
        ratio: ledger / baseline,
        target: "—".into(),
    });
    progress("certification reports …");
    lines.extend(crate::report::bench::lines(
        &mut l,
        &ids[..ids.len().min(21)],
        &from,
        &to,
    )?);
    drop(l);
    let db_mb = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    Ok(Report {
        cells: sum.cells,
        records: sum.records,
        db_mb,
        manifests: 0,
        lines,
    })
}

/// The same number of record-shaped rows inserted into a bare table with an integer key, in
/// one transaction with a prepared statement: what SQLite itself does on this machine.
fn baseline_inserts(path: &std::path::Path, n: usize) -> Result<f64> {
    let _ = std::fs::remove_file(path);
    let mut c = Connection::open(path)?;
    c.pragma_update(None, "journal_mode", "WAL")?;
    c.pragma_update(None, "synchronous", "NORMAL")?;
    c.execute_batch(
        "CREATE TABLE rec (id INTEGER PRIMARY KEY, cell INTEGER NOT NULL, month TEXT NOT NULL,
         category TEXT NOT NULL, g INTEGER, r INTEGER, c INTEGER, i INTEGER, l INTEGER)",
    )?;
    let start = Instant::now();
    let tx = c.transaction()?;
    {
        let mut st = tx.prepare("INSERT INTO rec (cell, month, category, g, r, c, i, l) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?;
        let mut rng = Rng::new(7);
        for k in 0..n {
            let g = rng.range(1_000, 5_000_000) as i64;
            st.execute(rusqlite::params![
                (k / 50) as i64,
                "2026-01",
                "recyclable",
                g,
                g / 2,
                0,
                g / 4,
                g / 4
            ])?;
        }
    }
    tx.commit()?;
    Ok(n as f64 / start.elapsed().as_secs_f64())
}

/// `k` manifests each dispatched, received and closed through the core (a write each, as a
/// clerk makes them): the change log's bytes per manifest beside the manifest's own.
fn lifecycle_bytes(l: &mut Ledger, k: usize) -> Result<Line> {
    use crate::construction::manifests::{self, ManifestDraft, Reception};
    let c = l.conn();
    let (site, plate, facility): (String, String, String) = c.query_row(
        "SELECT (SELECT name FROM cw_sites WHERE deleted = 0 AND (approval_until IS NULL OR approval_until > date('now', '+1 day'))
                 GROUP BY name HAVING count(*) = 1 LIMIT 1),
                (SELECT v.plate FROM cw_vehicles v JOIN cw_transporters t ON t.id = v.transporter_id
                 WHERE v.deleted = 0 AND (v.permit_until IS NULL OR v.permit_until > date('now', '+1 day'))
                   AND (t.permit_until IS NULL OR t.permit_until > date('now', '+1 day')) LIMIT 1),
                (SELECT name FROM cw_facilities WHERE deleted = 0 AND (approval_until IS NULL OR approval_until > date('now', '+1 day'))
                 GROUP BY name HAVING count(*) = 1 LIMIT 1)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let (log0, data0) = (bytes_of(c, LOG_OBJECTS)?, table_bytes(c, "cw_manifests")?);
    let at = |min: i64| {
        (chrono::Local::now() - chrono::Duration::minutes(min))
            .format("%Y-%m-%d %H:%M")
            .to_string()
    };
    for i in 0..k as i64 {
        let m = manifests::dispatch_new(
            l,
            &ManifestDraft {
                category: "拆除垃圾".into(),
                unit: "t".into(),
                declared: "30".into(),
                site: site.clone(),
                vehicle: plate.clone(),
                facility: facility.clone(),
                departure_at: at(3000 - i),
                route: "人民大街—卫星路".into(),
                ..Default::default()
            },
        )?;
        manifests::receive(
            l,
            &m.number,
            &Reception {
                received: "24".into(),
                outcome: "接收".into(),
                received_at: at(2000 - i),
                ..Default::default()
            },
        )?;
        manifests::close(l, &m.number)?;
    }
    let c = l.conn();
    let log = (bytes_of(c, LOG_OBJECTS)? - log0) as f64 / k as f64;
    let data = (table_bytes(c, "cw_manifests")? - data0) as f64 / k as f64;
    Ok(Line {
        what: format!("change log per manifest lifecycle (dispatch, reception, close; {k} through the core) vs the manifest's own bytes"),
        ledger: log,
        baseline: data,
        unit: "B".into(),
        ratio: log / data.max(1.0),
        target: "< 1,024 B".into(),
    })
}
