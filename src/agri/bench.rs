//! The benchmark of the recovery ledger at millions of entries: a year's rates by township
//! beside one hand-written SQL aggregate of the same sums, measured in the same run, and the
//! time to save one hand-in (the entry form's save) at that size.

use std::time::Instant;

use crate::bench::Line;
use crate::db::Ledger;
use crate::demo::Rng;
use crate::error::Result;

use super::entries::{self, EntryDraft, Valid};
use super::places::PlaceDraft;
use super::points::{Point, PointDraft};
use super::rates::{rates, RatesQuery};

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

/// Districts, townships per district, villages per township, points.
const DISTRICTS: &[&str] = &["220122", "220182", "220183", "220184", "220113", "220112"];

/// Generates `n` entries over three years in a scratch ledger under `dir` and measures.
pub fn run(dir: &std::path::Path, n: usize, progress: &mut dyn FnMut(&str)) -> Result<Vec<Line>> {
    progress(&format!("generating {n} recovery ledger entries …"));
    let mut l = Ledger::create(dir.join("agri.db"))?;
    let mut pts: Vec<Point> = Vec::new();
    l.write(|w| {
        for (di, d) in DISTRICTS.iter().enumerate() {
            for t in 0..15 {
                let tn = format!("第{}镇", t + 1);
                super::places::add(
                    w,
                    &PlaceDraft {
                        district: d.to_string(),
                        name: tn.clone(),
                        ..Default::default()
                    },
                )?;
                for v in 0..12 {
                    let vn = format!("{tn}{}村", v + 1);
                    super::places::add(
                        w,
                        &PlaceDraft {
                            district: d.to_string(),
                            township: tn.clone(),
                            name: vn.clone(),
                            code: String::new(),
                        },
                    )?;
                    if v % 2 == 0 {
                        pts.push(super::points::add(
                            w,
                            &PointDraft {
                                name: format!("站点{di}-{t}-{v}"),
                                operator: "某农资店".into(),
                                district: d.to_string(),
                                township: tn.clone(),
                                village: vn,
                                takes: "both".into(),
                                active_from: "2022-01-01".into(),
                                ..Default::default()
                            },
                        )?);
                    }
                }
            }
        }
        Ok(())
    })?;
    let mut rng = Rng::new(2026);
    let start = Instant::now();
    let batch = 100_000;
    let mut done = 0;
    while done < n {
        let k = batch.min(n - done);
        let rows: Vec<Valid> = (0..k)
            .map(|_| {
                let film = rng.range(0, 3) == 0;
                let day = rng.range(0, 3 * 365) as i64;
                let date = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default()
                    + chrono::Duration::days(day);
                Valid {
                    point: pts[rng.range(0, pts.len() as u64) as usize].clone(),
                    date: date.format("%Y-%m-%d").to_string(),
                    stream: if film { "film" } else { "pesticide" },
                    container: (!film).then(|| "bottle".to_string()),
                    material: (!film).then(|| "plastic".to_string()),
                    film_kind: film.then(|| "mulch".to_string()),
                    count: rng.range(1, 60) as i64,
                    weight_g: rng.range(200, 30_000) as i64,
                    impurity_pm: None,
                    giver_kind: "farmer",
                    giver_name: String::new(),
                    giver_phone: String::new(),
                    price_fen: None,
                }
            })
            .collect();
        l.write(|w| super::import::insert_bulk(w, &rows).map(|_| ()))?;
        done += k;
    }
    let gen_s = start.elapsed().as_secs_f64();
    l.conn().execute_batch("ANALYZE")?;
    let q = RatesQuery {
        by: "township".into(),
        from: "2024-01-01".into(),
        to: "2024-12-31".into(),
        district: String::new(),
    };
    progress("a year's rates by township …");
    let ledger = median_ms(11, |_| rates(l.conn(), &q).map(|_| ()))?;
    let c = l.conn();
    let baseline = median_ms(11, |_| {
        let mut st = c.prepare_cached(
            "SELECT p.district, p.township_id,
                    sum(CASE WHEN e.stream = 'film' THEN e.weight_g ELSE 0 END),
                    sum(CASE WHEN e.stream = 'pesticide' THEN e.weight_g ELSE 0 END),
                    sum(CASE WHEN e.stream = 'pesticide' THEN e.count ELSE 0 END)
             FROM agri_entries e JOIN agri_points p ON p.id = e.point_id
             WHERE e.date BETWEEN ?1 AND ?2 AND e.deleted = 0
             GROUP BY p.district, p.township_id",
        )?;
        let k = st
            .query_map(["2024-01-01", "2024-12-31"], |r| r.get::<_, i64>(2))?
            .count();
        assert!(k > 0);
        Ok(())
    })?;
    // The fastest plain form of the same sums: per point only, no join, no basis, no coverage.
    let per_point = median_ms(11, |_| {
        let mut st = c.prepare_cached(
            "SELECT point_id, stream, sum(weight_g), sum(count) FROM agri_entries
             WHERE date BETWEEN ?1 AND ?2 AND deleted = 0 GROUP BY point_id, stream",
        )?;
        let k = st
            .query_map(["2024-01-01", "2024-12-31"], |r| r.get::<_, i64>(2))?
            .count();
        assert!(k > 0);
        Ok(())
    })?;
    let mb = std::fs::metadata(dir.join("agri.db"))
        .map(|m| m.len())
        .unwrap_or(0) as f64
        / 1e6;
    progress("saving one hand-in …");
    let name = pts[0].name.clone();
    let mut i = 0;
    let save = median_ms(41, |_| {
        i += 1;
        let d = EntryDraft {
            date: "2025-06-01".into(),
            point: name.clone(),
            material: "塑料".into(),
            container: "瓶".into(),
            count: "3".into(),
            weight: format!("{}.5", i % 9 + 1),
            ..Default::default()
        };
        l.write(|w| entries::add(w, &d)).map(|_| ())
    })?;
    Ok(vec![
        Line {
            what: format!("recovery ledger: generate {n} entries (bulk, logged in blocks; database {mb:.0} MB)"),
            ledger: n as f64 / gen_s,
            baseline: 0.0,
            unit: "entries/s".into(),
            ratio: 0.0,
            target: "—".into(),
        },
        Line {
            what: format!(
                "recovery ledger: a year's rates by township ({n} entries) vs one SQL aggregate"
            ),
            ledger,
            baseline,
            unit: "ms".into(),
            ratio: ledger / baseline.max(1e-9),
            target: "≤ 1.5×".into(),
        },
        Line {
            what: format!("recovery ledger: a year's rates by township ({n} entries) vs the per-point sums alone"),
            ledger,
            baseline: per_point,
            unit: "ms".into(),
            ratio: ledger / per_point.max(1e-9),
            target: "—".into(),
        },
        Line {
            what: format!("recovery ledger: save one hand-in at {n} entries (median of 41)"),
            ledger: save,
            baseline: 50.0,
            unit: "ms".into(),
            ratio: save / 50.0,
            target: "< 50 ms".into(),
        },
    ])
}
