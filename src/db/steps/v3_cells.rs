//! Version 3, part 'cells', after v3_cells.sql: streams and categories become audited profile
//! rows, each kind gets its denominators per stream, and the cells' `headcount` and
//! `baseline_headcount` become activity figures. Frozen with the step: the seed lists below
//! are this step's own copy; the rows it writes are tallied for `zwl check` (see `Log`).

use rusqlite::Transaction;

use crate::error::Result;

/// Streams: key, Chinese, English, household.
const STREAMS: &[(&str, &str, &str, bool)] = &[
    ("household", "生活垃圾", "Household waste", true),
    (
        "industrial",
        "一般工业固体废物",
        "General industrial solid waste",
        false,
    ),
    ("hazardous", "危险废物", "Hazardous waste", false),
    ("food_waste", "餐厨垃圾", "Food waste (canteens)", false),
    ("decoration", "装修垃圾", "Renovation waste", false),
    ("bulky", "大件垃圾", "Bulky waste", false),
    ("garden", "园林绿化垃圾", "Garden waste", false),
];

/// Categories new in version 3: key, Chinese, English, stream.
const NEW_CATEGORIES: &[(&str, &str, &str, &str)] = &[
    (
        "food_waste",
        "餐厨垃圾",
        "Food waste (canteens)",
        "food_waste",
    ),
    ("decoration", "装修垃圾", "Renovation waste", "decoration"),
    ("bulky", "大件垃圾", "Bulky waste", "bulky"),
    ("garden", "园林绿化垃圾", "Garden waste", "garden"),
];

/// Denominators of the four kinds the plan names: kind, stream, figure (in order).
const DENOMINATORS: &[(&str, &str, &str)] = &[
    ("office", "household", "people"),
    ("office", "food_waste", "diners"),
    ("community", "household", "households"),
    ("community", "household", "people"),
    ("community", "decoration", "households"),
    ("community", "bulky", "households"),
    ("community", "garden", "households"),
    ("factory", "industrial", "output_value"),
    ("factory", "industrial", "product_tonnes"),
    ("factory", "hazardous", "output_value"),
    ("factory", "hazardous", "product_tonnes"),
    ("factory", "household", "people"),
    ("factory", "food_waste", "diners"),
    ("school", "household", "teachers_pupils"),
    ("school", "food_waste", "teachers_pupils"),
];

/// The rows this part writes. They carry clock 0 ("written by a schema step", before any
/// change set) and no change-log entry of their own (an upgrade adds none): the change log's
/// part of this step, which runs last, records every row no entry names in its baseline
/// (`change_baseline`, the first link of the chain; see v3_trust.rs).
struct Log<'a> {
    tx: &'a Transaction<'a>,
    clock: i64,
    now_ms: i64,
    origin: i64,
}

impl<'a> Log<'a> {
    fn new(tx: &'a Transaction<'a>) -> Result<Self> {
        let origin: i64 = tx.query_row(
            "SELECT n FROM installations WHERE id = (SELECT value FROM meta WHERE key = 'installation_id')",
            [],
            |r| r.get(0),
        )?;
        Ok(Log {
            tx,
            clock: 0,
            now_ms: chrono::Utc::now().timestamp_millis(),
            origin,
        })
    }

    fn id() -> Vec<u8> {
        uuid::Uuid::now_v7().as_bytes().to_vec()
    }

    /// Checks that the row `id` of `table` was written (the baseline records it later).
    fn inserted(&mut self, table: &'static str, id: &[u8]) -> Result<()> {
        let there: bool = self.tx.query_row(
            &format!("SELECT count(*) > 0 FROM {table} WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )?;
        if there {
            Ok(())
        } else {
            Err(crate::error::Error::NotALedger(format!(
                "{table}: row not written"
            )))
        }
    }

    fn finish(self) -> Result<()> {
        Ok(())
    }
}

/// Runs the part.
pub fn run(tx: &Transaction<'_>) -> Result<()> {
    let mut log = Log::new(tx)?;
    let (now, origin, clock) = (log.now_ms, log.origin, log.clock);

    for (i, (key, zh, en, household)) in STREAMS.iter().enumerate() {
        let id = Log::id();
        tx.execute(
            "INSERT INTO waste_streams (id, key, name_zh, name_en, household, sort, created_at,
                 updated_at, origin, clock)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)",
            rusqlite::params![id, key, zh, en, household, i as i64 + 1, now, origin, clock],
        )?;
        log.inserted("waste_streams", &id)?;
    }

    // The version-2 categories keep their keys, names and order: the four household ones go
    // to 生活垃圾, 一般工业固体废物 and 危险废物 to their own streams; only 可回收物 and 厨余垃圾
    // count toward the recycling rate.
    let old: Vec<(String, String, String, bool, i64)> = tx
        .prepare("SELECT key, name_zh, name_en, household, sort FROM waste_categories_v2 ORDER BY sort, key")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut sort = 0;
    let put_category =
        |log: &mut Log<'_>, key: &str, zh: &str, en: &str, stream: &str, sort: i64| -> Result<()> {
            let id = Log::id();
            let recovery = key == "recyclable" || key == "kitchen";
            tx.execute(
            "INSERT INTO waste_categories (id, key, name_zh, name_en, stream, counts_as_recovery,
                 sort, created_at, updated_at, origin, clock)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10)",
            rusqlite::params![id, key, zh, en, stream, recovery, sort, now, origin, clock],
        )?;
            log.inserted("waste_categories", &id)
        };
    for (key, zh, en, household, s) in &old {
        let stream = match key.as_str() {
            _ if *household => "household",
            "hazardous" => "hazardous",
            _ => "industrial",
        };
        put_category(&mut log, key, zh, en, stream, *s)?;
        sort = sort.max(*s);
    }
    for (key, zh, en, stream) in NEW_CATEGORIES {
        if old.iter().any(|o| o.0 == *key) {
            continue;
        }
        sort += 1;
        put_category(&mut log, key, zh, en, stream, sort)?;
    }
    tx.execute_batch("DROP TABLE waste_categories_v2;")?;

    // Denominators: the plan's four kinds as listed; a kind a clerk added divides household
    // waste by what its `denominator` said (people or households).
    let kinds: Vec<(String, String)> = tx
        .prepare("SELECT key, denominator FROM cell_kinds ORDER BY sort, key")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (kind, den) in &kinds {
        let listed: Vec<(&str, &str)> = DENOMINATORS
            .iter()
            .filter(|d| d.0 == kind)
            .map(|d| (d.1, d.2))
            .collect();
        let rows = if listed.is_empty() {
            vec![("household", figure_of(den))]
        } else {
            listed
        };
        for (i, (stream, figure)) in rows.iter().enumerate() {
            let id = Log::id();
            tx.execute(
                "INSERT INTO kind_denominators (id, kind, stream, figure, sort, created_at,
                     updated_at, origin, clock)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)",
                rusqlite::params![id, kind, stream, figure, i as i64 + 1, now, origin, clock],
            )?;
            log.inserted("kind_denominators", &id)?;
        }
    }

    // Headcounts become activity figures. `baseline_headcount` belongs to the baseline year;
    // where it was empty, version 2 divided the baseline by `headcount`, so that is what the
    // baseline year gets. `headcount` was "people now": it is placed in the year of the cell's
    // last record (the year its figures were kept in), or the year the cell was last changed
    // when it has none, and never in or before the baseline year (version 2 used it for the
    // periods after the baseline), so no figure the old version computed changes.
    let cells: Vec<V2Headcounts> = tx
        .prepare(
            "SELECT c.id, c.kind, k.denominator, c.headcount, c.baseline_headcount, c.baseline_year,
                    c.updated_at,
                    (SELECT max(month) FROM cell_records r WHERE r.cell_id = c.id AND r.deleted = 0)
             FROM cells c JOIN cell_kinds k ON k.key = c.kind
             WHERE c.headcount IS NOT NULL OR c.baseline_headcount IS NOT NULL",
        )?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (cell, kind, den, head, base_head, base_year, updated_ms, last_month) in cells {
        // The figure the kind divides household waste by first (师生人数 for a school).
        let figure = DENOMINATORS
            .iter()
            .find(|d| d.0 == kind && d.1 == "household")
            .map(|d| d.2)
            .unwrap_or_else(|| figure_of(&den));
        let unit: String = tx.query_row(
            "SELECT unit_zh FROM activity_kinds WHERE key = ?1",
            [figure],
            |r| r.get(0),
        )?;
        let put =
            |log: &mut Log<'_>, year: i32, value: i64| -> Result<()> {
                let id = Log::id();
                tx.execute(
                "INSERT INTO cell_activity (id, cell_id, year, figure, value_milli, unit, source,
                     created_at, updated_at, origin, clock)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, '版本 2 的人数/户数', ?7, ?7, ?8, ?9)",
                rusqlite::params![id, cell, year, figure, value * 1000, unit, now, origin, clock],
            )?;
                log.inserted("cell_activity", &id)
            };
        if let (Some(by), Some(v)) = (base_year, base_head.or(head)) {
            put(&mut log, by, v)?;
        }
        if let Some(v) = head {
            let kept = last_month
                .and_then(|m| m.get(..4).and_then(|y| y.parse::<i32>().ok()))
                .unwrap_or_else(|| {
                    chrono::DateTime::from_timestamp_millis(updated_ms)
                        .map(|d| chrono::Datelike::year(&d))
                        .unwrap_or(2000)
                });
            let year = match base_year {
                Some(by) if kept <= by => by + 1,
                _ => kept,
            };
            if (2000..=2100).contains(&year) {
                put(&mut log, year, v)?;
            }
        }
    }
    log.finish()
}

/// A version-2 cell's id, kind, kind denominator, headcount, baseline headcount, baseline
/// year, last change (ms) and last record month.
type V2Headcounts = (
    Vec<u8>,
    String,
    String,
    Option<i64>,
    Option<i64>,
    Option<i32>,
    i64,
    Option<String>,
);

/// The activity figure a version-2 kind's `denominator` named.
fn figure_of(denominator: &str) -> &'static str {
    if denominator == "households" {
        "households"
    } else {
        "people"
    }
}
